# deb-staging.cmake: run by CPack (CPACK_PRE_BUILD_SCRIPTS) on the staged Debian package, to
# leave out what Debian already has or the program already holds; `cmake --install` keeps
# the real files, for systems without Debian's packages.
# - The window's font becomes a link to fonts-dejavu-core's (a dependency), not a second copy.
# - The built-in MNIST test set's .gz files are compiled into the program: not shipped twice.
set(assets "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share/ganscope/assets")
if(NOT EXISTS "${assets}/DejaVuSans.ttf")
  message(FATAL_ERROR "deb-staging: no DejaVuSans.ttf staged in ${assets}")
endif()
file(REMOVE "${assets}/DejaVuSans.ttf")
# relative, as Debian wants links inside /usr: share/ganscope/assets -> share/fonts
file(CREATE_LINK ../../fonts/truetype/dejavu/DejaVuSans.ttf "${assets}/DejaVuSans.ttf" SYMBOLIC)
file(GLOB builtin "${assets}/mnist-t10k-*-ubyte.gz")
if(builtin)
  file(REMOVE ${builtin})
endif()
