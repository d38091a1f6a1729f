# SPDX-License-Identifier: MIT
# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS): signs what was staged, before the installer is made.
# Does nothing unless the signing secrets are in the environment, so unsigned local builds just work.
#
#   Windows  SWITCHBOARD_SIGN_WINDOWS_CERT      path of a .pfx code-signing certificate
#            SWITCHBOARD_SIGN_WINDOWS_PASSWORD  its password
#            SWITCHBOARD_SIGN_TIMESTAMP_URL     RFC 3161 timestamp server (default http://timestamp.digicert.com)
#   macOS    SWITCHBOARD_SIGN_MACOS_IDENTITY    "Developer ID Application: Name (TEAMID)", in the keychain
#            (notarization happens after cpack, on the DMG: see .github/workflows/release.yml)
set(staging "${CPACK_TEMPORARY_DIRECTORY}")

if(CPACK_GENERATOR MATCHES "NSIS|ZIP|WIX")
    if(NOT DEFINED ENV{SWITCHBOARD_SIGN_WINDOWS_CERT} OR "$ENV{SWITCHBOARD_SIGN_WINDOWS_CERT}" STREQUAL "")
        message(STATUS "sign: SWITCHBOARD_SIGN_WINDOWS_CERT not set, the installer's files stay unsigned")
        return()
    endif()
    find_program(SIGNTOOL signtool REQUIRED)
    set(url "$ENV{SWITCHBOARD_SIGN_TIMESTAMP_URL}")
    if(url STREQUAL "")
        set(url "http://timestamp.digicert.com")
    endif()
    file(GLOB_RECURSE binaries "${staging}/*.exe" "${staging}/*.dll")
    foreach(binary IN LISTS binaries)
        execute_process(COMMAND "${SIGNTOOL}" sign /fd SHA256 /td SHA256 /tr "${url}"
                                /f "$ENV{SWITCHBOARD_SIGN_WINDOWS_CERT}" /p "$ENV{SWITCHBOARD_SIGN_WINDOWS_PASSWORD}"
                                "${binary}"
                        RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "sign: signtool failed on ${binary}")
        endif()
    endforeach()
elseif(CPACK_GENERATOR MATCHES "DragNDrop")
    if(NOT DEFINED ENV{SWITCHBOARD_SIGN_MACOS_IDENTITY} OR "$ENV{SWITCHBOARD_SIGN_MACOS_IDENTITY}" STREQUAL "")
        message(STATUS "sign: SWITCHBOARD_SIGN_MACOS_IDENTITY not set, Switchboard.app stays ad-hoc signed")
        return()
    endif()
    file(GLOB_RECURSE plists LIST_DIRECTORIES false "${staging}/*.app/Contents/Info.plist")
    foreach(plist IN LISTS plists)
        get_filename_component(contents "${plist}" DIRECTORY)
        get_filename_component(app "${contents}" DIRECTORY)
        # --deep signs the frameworks and plugins macdeployqt copied in; the hardened runtime is required
        # for notarization.
        execute_process(COMMAND codesign --force --deep --timestamp --options runtime
                                --entitlements "${CMAKE_CURRENT_LIST_DIR}/macos/entitlements.plist"
                                --sign "$ENV{SWITCHBOARD_SIGN_MACOS_IDENTITY}" "${app}"
                        RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "sign: codesign failed on ${app}")
        endif()
        execute_process(COMMAND codesign --verify --deep --strict --verbose=2 "${app}" RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "sign: codesign --verify failed on ${app}")
        endif()
    endforeach()
endif()
