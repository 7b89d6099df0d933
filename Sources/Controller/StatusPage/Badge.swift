import Gates

extension StatusPage {
    /// A coloured label: green when all is well, amber while work goes on or waits, red when
    /// something failed and needs a person.
    struct Badge {
        enum Tone: String {
            case green, amber, red
        }

        var label: String
        var tone: Tone

        init(label: String, tone: Tone) {
            self.label = label
            self.tone = tone
        }

        init(phase: ModelPhase) {
            switch phase {
            case .idle: self.init(label: "Idle", tone: .green)
            case .training: self.init(label: "Training", tone: .amber)
            case .gating: self.init(label: "Gating", tone: .amber)
            case .awaitingApproval: self.init(label: "Awaiting approval", tone: .amber)
            case .rollingOut(let step, let steps, let weight):
                self.init(label: "Rolling out \(step)/\(steps) · \(weight)%", tone: .amber)
            case .paused(let step, let steps, let weight):
                self.init(label: "Paused \(step)/\(steps) · \(weight)%", tone: .amber)
            case .rollingBack: self.init(label: "Rolling back", tone: .red)
            case .failed: self.init(label: "Failed", tone: .red)
            }
        }

        init(verdict: GateVerdict) {
            switch verdict {
            case .pass: self.init(label: "pass", tone: .green)
            case .pending: self.init(label: "pending", tone: .amber)
            case .fail: self.init(label: "fail", tone: .red)
            case .error: self.init(label: "error", tone: .red)
            }
        }

        var html: String { "<span class=\"badge \(tone.rawValue)\">\(HTMLText.escaped(label))</span>" }
    }
}
