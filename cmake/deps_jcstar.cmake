# JC-STAR label images: cairo draws the label (SVG and PNG), libqrencode makes its QR code.
pkg_check_modules(JCS_CAIRO REQUIRED IMPORTED_TARGET cairo)
pkg_check_modules(JCS_QR REQUIRED IMPORTED_TARGET libqrencode)
target_link_libraries(hoshi_lib PUBLIC PkgConfig::JCS_CAIRO PkgConfig::JCS_QR)
