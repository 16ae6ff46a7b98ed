// swift-tools-version:5.9
//
// The 小登录 (xiaodenglu) iOS bridge: build the launch request (with a PKCE challenge), read the
// `extMsg` the mini-program returns, and exchange a ticket. Foundation only (and CryptoKit for
// SHA-256 where it exists; Pkce.swift carries a portable one for Linux): no UIKit and no WechatOpenSDK
// inside, so it builds and tests on macOS and on Linux. The sample app in SampleApp/ shows the
// WechatOpenSDK wiring around it.

import PackageDescription

let package = Package(
    name: "Xiaodenglu",
    platforms: [
        .iOS(.v13),
        .macOS(.v10_15),
    ],
    products: [
        .library(name: "Xiaodenglu", targets: ["Xiaodenglu"]),
    ],
    targets: [
        .target(name: "Xiaodenglu"),
        .testTarget(name: "XiaodengluTests", dependencies: ["Xiaodenglu"]),
    ]
)
