# SPDX-License-Identifier: MIT
# Installation rules and installers (CPack), included at the very end of the top-level CMakeLists.txt.
#
#   Linux    DEB (Debian 12's Qt 6.4), RPM (Fedora names, best effort) and TGZ:
#              cmake --build build --target switchboard && (cd build && cpack -G "DEB;RPM;TGZ")
#            packaging/test-deb.sh builds, installs, runs, verifies and removes the .deb.
#   Windows  windeployqt (Qt's deploy script) + NSIS installer and a ZIP:  cpack -G "NSIS;ZIP"
#   macOS    switchboard.app, macdeployqt (Qt's deploy script) + a DMG:     cpack -G DragNDrop
#            Windows and macOS are built by .github/workflows/release.yml; they cannot be built on Linux.
#
# The executable's own install rule is in app/CMakeLists.txt. The QML files, the translations (.qm) and the
# demo audio are compiled into the executable as Qt resources, so there is nothing else of the program's to
# install: this file adds the desktop integration, the man page, the system service and the installers.
include_guard(GLOBAL)

set(SB_PACKAGING_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(SB_ICONS_DIR "${PROJECT_SOURCE_DIR}/resources/icons")
set(SB_LINUX_DIR "${PROJECT_SOURCE_DIR}/resources/linux")
set(SB_APP_ID "io.switchboard.Switchboard")
set(SB_HOMEPAGE "https://switchboard.example.org/" CACHE STRING "Homepage written into the packages")
set(SB_PACKAGE_CONTACT "Switchboard maintainers <maintainers@switchboard.example.org>"
    CACHE STRING "Maintainer written into the packages")

set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    "${SB_PACKAGING_DIR}/switchboard.1" "${SB_LINUX_DIR}/${SB_APP_ID}.metainfo.xml")

# A release must name its version in the AppStream <releases> and the man page's title line.
file(READ "${SB_LINUX_DIR}/${SB_APP_ID}.metainfo.xml" sb_metainfo)
if(NOT sb_metainfo MATCHES "<release version=\"${PROJECT_VERSION}\"")
    message(WARNING "packaging: ${SB_APP_ID}.metainfo.xml has no <release version=\"${PROJECT_VERSION}\">")
endif()

# ---------------------------------------------------------------------------------------------------------
# Linux: desktop integration, man page, documentation, the system service
# ---------------------------------------------------------------------------------------------------------
if(UNIX AND NOT APPLE)
    install(FILES "${SB_LINUX_DIR}/switchboard.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
    install(FILES "${SB_LINUX_DIR}/${SB_APP_ID}.metainfo.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
    install(FILES "${SB_ICONS_DIR}/switchboard.svg" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
    foreach(size 16 22 24 32 48 64 128 256 512)
        install(FILES "${SB_ICONS_DIR}/hicolor/${size}x${size}/apps/switchboard.png"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps")
    endforeach()

    # The man page, with the project's version on its title line, compressed as Debian wants it (gzip -9n).
    file(READ "${SB_PACKAGING_DIR}/switchboard.1" sb_man)
    string(REGEX REPLACE "\"switchboard [0-9][0-9.]*\"" "\"switchboard ${PROJECT_VERSION}\"" sb_man "${sb_man}")
    file(WRITE "${CMAKE_BINARY_DIR}/packaging/switchboard.1" "${sb_man}")
    find_program(SB_GZIP gzip)
    if(SB_GZIP)
        execute_process(COMMAND "${SB_GZIP}" -9nf "${CMAKE_BINARY_DIR}/packaging/switchboard.1" RESULT_VARIABLE sb_rc)
        if(NOT sb_rc EQUAL 0)
            message(FATAL_ERROR "packaging: gzip of the man page failed")
        endif()
        install(FILES "${CMAKE_BINARY_DIR}/packaging/switchboard.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
    else()
        install(FILES "${CMAKE_BINARY_DIR}/packaging/switchboard.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
    endif()

    install(FILES "${SB_PACKAGING_DIR}/copyright" DESTINATION "${CMAKE_INSTALL_DOCDIR}")

    # The system service (headless). Units and sysusers.d files go below <prefix>/lib, never lib/<multiarch>.
    # The configuration template is copied to /etc/switchboard/switchboard.conf, with a generated API token,
    # by the package's postinst (see packaging/debian/postinst): that file is not shipped in the package.
    install(FILES "${SB_PACKAGING_DIR}/systemd/switchboard.service" DESTINATION lib/systemd/system)
    install(FILES "${SB_PACKAGING_DIR}/systemd/switchboard.sysusers" DESTINATION lib/sysusers.d
            RENAME switchboard.conf)
    install(FILES "${SB_PACKAGING_DIR}/linux/switchboard.conf" DESTINATION "${CMAKE_INSTALL_DATADIR}/switchboard")
endif()

# ---------------------------------------------------------------------------------------------------------
# Windows: icon in the executable, windeployqt at install time, NSIS installer
# ---------------------------------------------------------------------------------------------------------
if(WIN32)
    # The executable keeps the console subsystem so that --headless, --help and --version print in a terminal.
    file(WRITE "${CMAKE_BINARY_DIR}/packaging/switchboard.rc"
        "IDI_ICON1 ICON \"${SB_ICONS_DIR}/switchboard.ico\"\n")
    target_sources(switchboard PRIVATE "${CMAKE_BINARY_DIR}/packaging/switchboard.rc")

    # Qt's deploy script runs windeployqt on bin/switchboard.exe: Qt DLLs, plugins (platforms, sqldrivers, tls,
    # multimedia, ...), the QML modules the dashboard imports (found by qmlimportscanner) and a qt.conf.
    qt_generate_deploy_qml_app_script(TARGET switchboard FILENAME_VARIABLE sb_deploy_script)
    install(SCRIPT "${sb_deploy_script}")
    # windeployqt copies only Qt: libsodium's DLL (vcpkg: <prefix>/bin/libsodium.dll beside lib/) goes in by hand.
    find_file(SB_SODIUM_DLL NAMES libsodium.dll sodium.dll
              HINTS ${SODIUM_LIBRARY_DIRS} PATH_SUFFIXES ../bin bin NO_DEFAULT_PATH)
    if(SB_SODIUM_DLL)
        install(FILES "${SB_SODIUM_DLL}" DESTINATION "${CMAKE_INSTALL_BINDIR}")
    else()
        message(STATUS "packaging: no libsodium DLL found (a static libsodium needs none)")
    endif()
    install(FILES "${SB_PACKAGING_DIR}/LICENSE.txt" DESTINATION .)
endif()

# ---------------------------------------------------------------------------------------------------------
# macOS: switchboard.app, macdeployqt at install time, DMG
# ---------------------------------------------------------------------------------------------------------
if(APPLE)
    set_target_properties(switchboard PROPERTIES
        MACOSX_BUNDLE TRUE
        OUTPUT_NAME Switchboard
        MACOSX_BUNDLE_INFO_PLIST "${SB_PACKAGING_DIR}/macos/Info.plist.in"
        MACOSX_BUNDLE_BUNDLE_NAME Switchboard
        MACOSX_BUNDLE_GUI_IDENTIFIER "${SB_APP_ID}"
        MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
        MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
        MACOSX_BUNDLE_ICON_FILE switchboard.icns
        MACOSX_BUNDLE_COPYRIGHT "MIT License")
    target_sources(switchboard PRIVATE "${SB_ICONS_DIR}/switchboard.icns")
    set_source_files_properties("${SB_ICONS_DIR}/switchboard.icns" TARGET_DIRECTORY switchboard
        PROPERTIES MACOSX_PACKAGE_LOCATION Resources)

    # The DMG holds only this component: Switchboard.app at the top, made self-contained by macdeployqt
    # (frameworks, plugins, QML modules). app/CMakeLists.txt's rule (component "Unspecified") is left out.
    install(TARGETS switchboard BUNDLE DESTINATION . COMPONENT macos_bundle)
    qt_generate_deploy_qml_app_script(TARGET switchboard FILENAME_VARIABLE sb_deploy_script)
    install(SCRIPT "${sb_deploy_script}" COMPONENT macos_bundle)
endif()

# ---------------------------------------------------------------------------------------------------------
# CPack
# ---------------------------------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME switchboard)
set(CPACK_PACKAGE_VENDOR "The Switchboard developers")
set(CPACK_PACKAGE_CONTACT "${SB_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${SB_HOMEPAGE}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Agent softphone console for Telnyx Call Control")
# Line breaks are kept: the .deb's extended description must not have over-long lines.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Switchboard is a desktop console for contact-center agents who place and take"
    "calls through Telnyx Call Control: a Qt Quick dashboard with an embedded"
    "backend (REST API, verified Telnyx webhooks, WebSockets for live call events"
    "and call audio, SQLite call history)."
    "."
    "switchboard --headless runs the backend as a server; a hardened systemd unit"
    "is included, not enabled. switchboard --demo tries everything against a"
    "built-in Telnyx simulator, without an account.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Switchboard)
set(CPACK_PACKAGE_EXECUTABLES switchboard Switchboard)
set(CPACK_RESOURCE_FILE_LICENSE "${SB_PACKAGING_DIR}/LICENSE.txt")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.cache/")

if(UNIX AND NOT APPLE)
    set(CPACK_GENERATOR DEB TGZ)
    find_program(SB_RPMBUILD rpmbuild)
    if(SB_RPMBUILD)
        list(APPEND CPACK_GENERATOR RPM)
    endif()

    # --- DEB (Debian 12) ---
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)                  # switchboard_0.1.0-1_amd64.deb
    set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
    set(CPACK_DEBIAN_PACKAGE_SECTION comm)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SB_HOMEPAGE}")
    # Libraries the executable links: found by dpkg-shlibdeps (libqt6*6, libsodium23, libc6, ... and the
    # qt6-*-abi (= 6.4.2) guards). What Qt loads at run time is invisible to it and listed by hand, from
    # `grep import ui/qml/*.qml`, QML_IMPORT_TRACE=1 / QT_DEBUG_PLUGINS=1 runs and dpkg -S of every file the
    # dashboard and the headless server opened (strace):
    #   QML modules     QtQml, QtQml.WorkerScript, QtQuick, QtQuick.Controls (+ Basic, Fusion, impl),
    #                   QtQuick.Templates, QtQuick.Layouts, QtQuick.Window
    #   Qt plugins      platforms/xcb + xcbglintegrations, offscreen, imageformats: all in libqt6gui6 on
    #                   Debian 12 (found by shlibdeps; qt6-qpa-plugins holds only vnc and tuiotouch, not
    #                   needed); wayland: qt6-wayland (recommended, else XWayland through xcb);
    #                   sqldrivers/libqsqlite: libqt6sql6-sqlite; sqldrivers/libqsqlpsql: libqt6sql6-psql
    #                   (recommended: only a server with DATABASE_URL=postgresql://... loads it);
    #                   tls/libqopensslbackend: in libqt6network6,
    #                   which depends on libssl3; multimedia backends: in libqt6multimedia6
    #   TLS trust       ca-certificates (https://api.telnyx.com)
    #   postinst        adduser
    #   keychain        libqt6keychain1 is linked (shlibdeps); it stores a desk's sign-in token through a Secret
    #                   Service, which the desktop session runs (GNOME Keyring, KWallet): suggested, since a desk
    #                   without one still signs in, for the session only
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS
        "qml6-module-qtqml, qml6-module-qtqml-workerscript, qml6-module-qtquick, qml6-module-qtquick-controls, \
qml6-module-qtquick-templates, qml6-module-qtquick-layouts, qml6-module-qtquick-window, libqt6sql6-sqlite, \
ca-certificates, adduser")
    # Native Wayland sessions (else XWayland through xcb); OpenGL drivers for Qt Quick.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, libgl1-mesa-dri, libqt6sql6-psql")
    set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pulseaudio | pipewire-pulse, gnome-keyring | kwalletmanager")
    set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
        "${SB_PACKAGING_DIR}/debian/postinst" "${SB_PACKAGING_DIR}/debian/prerm" "${SB_PACKAGING_DIR}/debian/postrm")
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

    # --- RPM (Fedora names; best effort, not tested on Fedora) ---
    # rpmbuild's automatic requirements cover the linked libraries (libQt6*.so.6, libsodium.so.23, ...);
    # the run-time-loaded parts are listed by hand: qt6-qtdeclarative has every QML module above,
    # qt6-qtbase-gui the platform plugins, qt6-qtbase the SQLite driver and the TLS backends.
    set(CPACK_RPM_FILE_NAME RPM-DEFAULT)                     # switchboard-0.1.0-1.x86_64.rpm
    set(CPACK_RPM_PACKAGE_RELEASE 1)
    set(CPACK_RPM_PACKAGE_LICENSE MIT)
    set(CPACK_RPM_PACKAGE_GROUP "Applications/Communications")
    set(CPACK_RPM_PACKAGE_URL "${SB_HOMEPAGE}")
    set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
    set(CPACK_PACKAGE_RELOCATABLE OFF)                       # RPM: the scriptlets name /usr and /etc paths
    set(CPACK_RPM_PACKAGE_REQUIRES
        "qt6-qtbase >= 6.4, qt6-qtbase-gui >= 6.4, qt6-qtdeclarative >= 6.4, qt6-qtwebsockets >= 6.4, \
qt6-qthttpserver >= 6.4, qt6-qtmultimedia >= 6.4, qtkeychain-qt6, libsodium, ca-certificates, shadow-utils")
    set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none")
    set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE "${SB_PACKAGING_DIR}/rpm/post.sh")
    set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE "${SB_PACKAGING_DIR}/rpm/preun.sh")
    set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE "${SB_PACKAGING_DIR}/rpm/postun.sh")
    # Directories that belong to the distribution (filesystem, systemd, hicolor-icon-theme, man-db ...).
    set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/lib/systemd /usr/lib/systemd/system /usr/lib/sysusers.d /usr/share/applications /usr/share/metainfo
        /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
        /usr/share/icons/hicolor/scalable/apps /usr/share/man /usr/share/man/man1 /usr/share/doc)
    foreach(size 16 22 24 32 48 64 128 256 512)
        list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
            /usr/share/icons/hicolor/${size}x${size} /usr/share/icons/hicolor/${size}x${size}/apps)
    endforeach()
elseif(WIN32)
    set(CPACK_GENERATOR NSIS ZIP)
    set(CPACK_NSIS_PACKAGE_NAME Switchboard)
    set(CPACK_NSIS_DISPLAY_NAME Switchboard)
    set(CPACK_NSIS_MUI_ICON "${SB_ICONS_DIR}/switchboard.ico")
    set(CPACK_NSIS_MUI_UNIICON "${SB_ICONS_DIR}/switchboard.ico")
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\switchboard.exe")
    set(CPACK_NSIS_URL_INFO_ABOUT "${SB_HOMEPAGE}")
    set(CPACK_NSIS_CONTACT "${SB_PACKAGE_CONTACT}")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
    set(CPACK_NSIS_MUI_FINISHPAGE_RUN switchboard.exe)
    # Code signing (optional): packaging/sign.cmake signs bin/*.exe and *.dll in the staging directory when
    # SWITCHBOARD_SIGN_WINDOWS_CERT (a .pfx) and SWITCHBOARD_SIGN_WINDOWS_PASSWORD are set.
    set(CPACK_PRE_BUILD_SCRIPTS "${SB_PACKAGING_DIR}/sign.cmake")
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};switchboard;macos_bundle;/")
    set(CPACK_DMG_VOLUME_NAME Switchboard)
    set(CPACK_DMG_FORMAT UDZO)
    # Code signing (optional): packaging/sign.cmake signs Switchboard.app (hardened runtime, entitlements
    # in packaging/macos/) before the DMG is made, when SWITCHBOARD_SIGN_MACOS_IDENTITY is set.
    # Notarization of the DMG follows cpack in .github/workflows/release.yml.
    set(CPACK_PRE_BUILD_SCRIPTS "${SB_PACKAGING_DIR}/sign.cmake")
    set(CPACK_SYSTEM_NAME macOS)
endif()

include(CPack)
