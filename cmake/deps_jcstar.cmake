# JC-STAR label images: cairo draws the label (SVG and PNG), libqrencode makes its QR code.
pkg_check_modules(JCS_CAIRO REQUIRED IMPORTED_TARGET cairo)
pkg_check_modules(JCS_QR REQUIRED IMPORTED_TARGET libqrencode)
# fontconfig (a cairo dependency) is named to release its caches at exit (jcs_image_cleanup).
pkg_check_modules(JCS_FC REQUIRED IMPORTED_TARGET fontconfig)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::JCS_CAIRO PkgConfig::JCS_QR PkgConfig::JCS_FC)
