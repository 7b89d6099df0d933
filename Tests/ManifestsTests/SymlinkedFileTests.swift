import Testing
import TestSupport
@testable import Manifests

/// A file a manifest names must be the file itself: a symlink is reported where the path is written.
@Suite struct SymlinkedFileTests {
    @Test(arguments: [
        ("data/train.csv", "models/fraud/model.yaml:7:13: error: data set 'train': 'data/train.csv' is a symlink to '/etc/passwd'"),
        ("data/holdout.csv", "models/fraud/model.yaml:22:53: error: gate 'beats-stable' holdout: 'data/holdout.csv' is a symlink to '/etc/passwd'"),
        ("requests/one.json", "models/fraud/model.yaml:23:45: error: gate 'load' request: 'requests/one.json' is a symlink to '/etc/passwd'"),
        ("MODEL_CARD.md", "models/fraud/model.yaml:25:55: error: gate 'governance' model card: 'MODEL_CARD.md' is a symlink to '/etc/passwd'"),
    ])
    func reportsASymlinkedFile(path: String, expected: String) {
        let linked = "models/fraud/" + path
        let catalog = Catalog.load([SourceFile(path: "models/fraud/model.yaml", text: ManifestFixtures.model()),
                                    SourceFile(path: "policy.yaml", text: ManifestFixtures.policy())],
                                   fileExists: { _ in true }, symlinkTarget: { $0 == linked ? "/etc/passwd" : nil })
        let errors = catalog.diagnostics.map(\.description)
        #expect(errors.contains { $0.hasPrefix(expected) }, "\(errors)")
        #expect(!catalog.isValid)
    }

    @Test func reportsASymlinkedAllowedSignersFile() {
        let policy = ManifestFixtures.policy().replacingOccurrences(of: "  requiredGates:", with: "  allowedSigners: keys/signers\n  requiredGates:")
        let catalog = Catalog.load([SourceFile(path: "policy.yaml", text: policy)],
                                   fileExists: { _ in true }, symlinkTarget: { $0 == "keys/signers" ? "/home/x/.ssh/keys\u{1B}" : nil })
        #expect(catalog.diagnostics.map(\.message) == [
            "spec.allowedSigners: 'keys/signers' is a symlink to '/home/x/.ssh/keys?' (keys/signers); a file a manifest names must be a regular file, not a link",
        ])
    }

    @Test func filesThatAreNoSymlinksPass() {
        let catalog = Catalog.load([SourceFile(path: "models/fraud/model.yaml", text: ManifestFixtures.model()),
                                    SourceFile(path: "policy.yaml", text: ManifestFixtures.policy())],
                                   fileExists: { _ in true }, symlinkTarget: { _ in nil })
        #expect(catalog.isValid, "\(catalog.diagnostics)")
    }
}
