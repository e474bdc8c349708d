# cpack-system-font.cmake: run by CPack (CPACK_PRE_BUILD_SCRIPTS) on the staged Debian package:
# the window's font becomes a link to Debian's fonts-dejavu-core (a dependency) instead of a
# second copy of the same file. `cmake --install` keeps the real file, for systems without it.
set(font "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share/ganscope/assets/DejaVuSans.ttf")
if(NOT EXISTS "${font}")
  file(GLOB_RECURSE font "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/ganscope/assets/DejaVuSans.ttf")
endif()
if(NOT font)
  message(FATAL_ERROR "cpack-system-font: no share/ganscope/assets/DejaVuSans.ttf staged in ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
endif()
file(REMOVE "${font}")
file(CREATE_LINK /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "${font}" SYMBOLIC)
