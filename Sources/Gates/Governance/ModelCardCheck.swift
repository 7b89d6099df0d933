import Foundation
import Manifests

/// The model card of a candidate, read from the exported model folder and held against the
/// sections the Policy requires.
struct ModelCardCheck: Encodable {
    enum Status: String, Encodable { case read, absent, unreadable }

    /// The card's path as the gate names it, relative to the model's folder.
    var file: String
    var status: Status
    var format: ModelCard.Format?
    /// Why the card could not be read, when it could not.
    var problem: String?
    var required: [String]
    /// Required sections present with text, as the card titles them.
    var found: [String] = []
    var missing: [String] = []
    /// Required sections present without text.
    var empty: [EmptySection] = []

    /// A section whose heading is there with nothing under it.
    struct EmptySection: Encodable, Equatable {
        var title: String
        var line: Int
    }

    /// A card that cannot be read, for the reason `problem` says.
    init(file: String, required: [String], problem: String) {
        self.file = file
        self.required = required
        self.status = .unreadable
        self.problem = problem
    }

    /// Reads `relative` under `folder` and checks it for `required` sections.
    init(folder: String, relative: String, required: [String]) {
        file = relative
        self.required = required
        let path = folder + "/" + relative
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            status = .absent
            return
        }
        guard !isFolder.boolValue else {
            status = .unreadable
            problem = "\(relative) is a folder, not a file"
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            status = .unreadable
            problem = "\(relative) cannot be read (check its permissions)"
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            status = .unreadable
            problem = "\(relative) is not UTF-8 text"
            return
        }
        let card: ModelCard
        do {
            card = try ModelCard.parse(text, file: relative)
        } catch {
            status = .unreadable
            problem = "\(relative):\(error.location): \(error.message)"
            return
        }
        status = .read
        format = card.format
        for name in required {
            guard let section = card.section(named: name) else {
                missing.append(name)
                continue
            }
            if section.hasContent { found.append(section.title) } else { empty.append(EmptySection(title: section.title, line: section.line)) }
        }
    }

    /// Each thing wrong with the card, in words; empty when the card is complete or unreadable.
    var violations: [String] {
        switch status {
        case .absent:
            return ["model card \(file) does not exist in the model's folder; write it with the sections \(required.joined(separator: ", "))"]
        case .unreadable:
            return []
        case .read:
            return missing.map { "model card \(file) has no section '\($0)'" }
                + empty.map { "model card \(file) section '\($0.title)' (line \($0.line)) is empty" }
        }
    }
}
