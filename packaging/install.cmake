# install.cmake (included by CMakeLists.txt): installing ganscope as a desktop application,
# and the Debian package (`cpack -G DEB`): a desktop
# entry, AppStream metadata, icons drawn at build time by packaging/make_icon.c from the
# built-in digits, the man page and the copyright file. The installed program finds
# PREFIX/share/ganscope from its own location (core/gs_data.c), so the package under /usr
# and `cmake --install` under any prefix both work.
set(GS_APP_ID "org.ganscope.ganscope" CACHE STRING "desktop entry / AppStream component id")
target_compile_definitions(gscore PRIVATE GS_INSTALL_BINDIR_REL="${CMAKE_INSTALL_BINDIR}"
  GS_INSTALL_DATADIR_REL="${CMAKE_INSTALL_DATADIR}/ganscope")
add_executable(gs_make_icon ${CMAKE_SOURCE_DIR}/packaging/make_icon.c)
target_link_libraries(gs_make_icon PRIVATE gscore)
set(GS_ICONS)
foreach(px 48 64 128 256)
  set(icon ${CMAKE_BINARY_DIR}/icons/${px}x${px}/apps/${GS_APP_ID}.png)
  add_custom_command(OUTPUT ${icon}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${px}x${px}/apps
    COMMAND gs_make_icon ${px} ${icon} DEPENDS gs_make_icon VERBATIM)
  list(APPEND GS_ICONS ${icon})
endforeach()
configure_file(${CMAKE_SOURCE_DIR}/packaging/ganscope.desktop.in ${GS_APP_ID}.desktop @ONLY)
configure_file(${CMAKE_SOURCE_DIR}/packaging/ganscope.metainfo.xml.in ${GS_APP_ID}.metainfo.xml @ONLY)
configure_file(${CMAKE_SOURCE_DIR}/packaging/ganscope.1 ganscope.1 @ONLY)
# Debian's changelog: a new version needs a new entry on top, as in the metainfo's releases
# (tests/cli_install.sh checks).
configure_file(${CMAKE_SOURCE_DIR}/packaging/changelog changelog COPYONLY)
find_program(GZIP_EXECUTABLE gzip REQUIRED)
set(GS_GZIPPED)
foreach(f ganscope.1 changelog)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/${f}.gz
    COMMAND ${GZIP_EXECUTABLE} -9 -n -f -k ${CMAKE_BINARY_DIR}/${f}
    DEPENDS ${CMAKE_BINARY_DIR}/${f} VERBATIM)
  list(APPEND GS_GZIPPED ${CMAKE_BINARY_DIR}/${f}.gz)
endforeach()
add_custom_target(gs_install_files ALL DEPENDS ${GS_ICONS} ${GS_GZIPPED})
install(DIRECTORY ${CMAKE_BINARY_DIR}/icons/ DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor)
install(FILES ${CMAKE_BINARY_DIR}/${GS_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_BINARY_DIR}/${GS_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CMAKE_BINARY_DIR}/ganscope.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/copyright ${CMAKE_BINARY_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ganscope)
set(CPACK_PACKAGE_VENDOR "The ganscope developers")
set(CPACK_PACKAGE_CONTACT "ganscope maintainers <maintainers@ganscope.invalid>"
  CACHE STRING "the Debian package's Maintainer field")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch a neural network learn to draw handwritten digits")
set(CPACK_PACKAGE_DESCRIPTION "ganscope trains the deep convolutional GAN of the Keras DCGAN
tutorial on handwritten digits, on an ordinary CPU, and shows it learning
in a window: a grid of the generator's digits, the losses of both
networks, and a latent explorer with 100 sliders. It trains on MNIST (a
test set is built in) or Fashion-MNIST, and also trains, samples and
benchmarks from the command line.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # library Depends from dpkg-shlibdeps (dpkg-dev)
set(CPACK_DEBIAN_PACKAGE_DEPENDS fonts-dejavu-core)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS dataset-fashion-mnist)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_SOURCE_DIR}/packaging/deb-staging.cmake)
include(CPack)
