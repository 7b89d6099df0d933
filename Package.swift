// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Slipway",
    products: [
        .executable(name: "slipway", targets: ["slipway"]),
    ],
    targets: [
        // System libraries: libgit2 for the git source, mbedtls for SHA-256 and HMAC.
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CMbedCrypto",
            providers: [.apt(["libmbedtls-dev"])]
        ),

        .target(name: "Processes"),
        .target(name: "Git", dependencies: ["CGit2"]),
        .target(name: "Manifests"),
        .target(name: "Journal", dependencies: ["CMbedCrypto", "Processes"]),
        .target(name: "Pipelines", dependencies: ["Processes", "Git", "Manifests", "Journal"]),
        .target(name: "HTTP", dependencies: ["Processes"]),
        .target(name: "Rollouts", dependencies: ["Manifests"]),
        .target(name: "Serving", dependencies: ["Processes", "HTTP", "Manifests", "Journal"]),
        .target(name: "Gates", dependencies: ["Git", "Manifests", "Journal", "Pipelines", "HTTP", "Serving"]),
        .target(name: "Controller", dependencies: ["Git", "Manifests", "Journal", "Pipelines", "HTTP", "Serving", "Rollouts", "Gates"]),
        .target(name: "TestSupport", dependencies: ["Git", "Journal"]),
        .executableTarget(name: "slipway", dependencies: ["Git", "Manifests", "Journal", "Pipelines", "Serving", "Rollouts", "Gates", "Controller"]),

        .testTarget(name: "ProcessesTests", dependencies: ["Processes", "TestSupport"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "TestSupport"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "Processes", "TestSupport"]),
        .testTarget(name: "PipelinesTests", dependencies: ["Pipelines", "Processes", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "RolloutsTests", dependencies: ["Rollouts", "Manifests"]),
        .testTarget(name: "ServingTests", dependencies: ["Serving", "Processes", "HTTP", "TestSupport"]),
        .testTarget(name: "GatesTests", dependencies: ["Gates", "HTTP", "Serving", "Pipelines", "TestSupport"]),
        .testTarget(name: "ControllerTests", dependencies: ["Controller", "Serving", "HTTP", "Rollouts", "TestSupport"]),
        .testTarget(name: "SlipwayTests", dependencies: ["slipway", "Controller", "Git", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["slipway", "Serving", "HTTP", "Controller", "Rollouts", "Manifests", "Journal", "Processes", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
