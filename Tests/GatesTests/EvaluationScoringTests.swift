import Foundation
import HTTP
import Testing
@testable import Gates

/// Scoring holdout rows through real (stdlib Python) model servers.
@Suite(.serialized) final class EvaluationScoringTests {
    let servers: EvaluationServers

    init() throws {
        servers = try EvaluationServers()
    }

    func holdout(_ rows: [EvaluationModelServer.Row]) throws -> Holdout {
        let path = try servers.folder.write("holdout.csv", EvaluationModelServer.csv(rows))
        return try Holdout.read(path: path, label: "label")
    }

    @Test func readsFeaturesInFileOrderAroundTheLabel() throws {
        let holdout = try holdout(EvaluationModelServer.rows(3))
        #expect(holdout.features.map(\.name) == ["x1", "country", "x2"])
        #expect(holdout.rowCount == 3)
        guard case .numbers = holdout.features[0].values, case .texts = holdout.features[1].values else {
            Issue.record("column types: \(holdout.features)")
            return
        }
    }

    @Test func aColumnWithOneNonNumberIsSentAsText() throws {
        let path = try servers.folder.write("mixed.csv", "a,b,y\n1,2,0\n3,,1\n4,inf,0\n")
        let holdout = try Holdout.read(path: path, label: "y")
        #expect(holdout.features == [FeatureColumn(name: "a", values: .numbers([1, 3, 4])),
                                     FeatureColumn(name: "b", values: .texts(["2", "", "inf"]))])
        #expect(holdout.labels == ["0", "1", "0"])
    }

    @Test func unusableHoldoutsSayWhy() throws {
        #expect(throws: HoldoutError.self) { try Holdout.read(path: self.servers.folder.path + "/missing.csv", label: "label") }
        let onlyLabel = try servers.folder.write("only.csv", "label\n1\n")
        let noRows = try servers.folder.write("empty.csv", "x,label\n")
        let path = try servers.folder.write("h.csv", "x,y\n1,0\n")
        for (file, phrase) in [(onlyLabel, "only the label column"), (noRows, "no rows"), (path, "no label column 'label' (its columns: x, y)")] {
            do {
                _ = try Holdout.read(path: file, label: "label")
                Issue.record("read \(file)")
            } catch {
                #expect(error.message.contains(phrase), "\(error.message)")
            }
        }
    }

    @Test func everyRowIsScoredInOrderAcrossBatchesInFlightTogether() async throws {
        let rows = EvaluationModelServer.rows(2_500)
        let holdout = try holdout(rows)
        let endpoint = try await servers.start("good")
        let scorer = EndpointScorer(client: servers.client, batchSize: 300, window: 4)
        let predictions = try await scorer.score(holdout.features, at: endpoint)
        await servers.stop()
        #expect(predictions.labels == rows.map { String($0.goodPrediction) })
        #expect(predictions.numbers == rows.map { Double($0.goodPrediction) })
        guard case .perClass(nil, 2, let values)? = predictions.probabilities else {
            Issue.record("probabilities: \(String(describing: predictions.probabilities))")
            return
        }
        #expect(values.count == 5_000)
    }

    @Test func aCountMismatchNamesTheBatchAndTheEndpoint() async throws {
        let holdout = try holdout(EvaluationModelServer.rows(700))
        let endpoint = try await servers.start("short")
        let scorer = EndpointScorer(client: servers.client, batchSize: 300, window: 1)
        await #expect { try await scorer.score(holdout.features, at: endpoint) } throws: { error in
            let message = "\(error)"
            return message.contains("holdout rows 1–300") && message.contains("127.0.0.1:\(endpoint.port)/v2/models/m/infer")
                && message.contains("shape [299], expected [300]")
        }
        await servers.stop()
    }

    @Test func anHTTPErrorIsAScoringError() async throws {
        let holdout = try holdout(EvaluationModelServer.rows(10))
        var endpoint = try await servers.start("good")
        endpoint.model = "other"
        let scorer = EndpointScorer(client: servers.client, batchSize: 1_000)
        await #expect { try await scorer.score(holdout.features, at: endpoint) } throws: { error in
            "\(error)".contains("HTTP 404") && "\(error)".contains("no such model") && "\(error)".contains("rows 1–10")
        }
        await servers.stop()
    }

    @Test func anUnreachableServerIsAScoringError() async throws {
        let holdout = try holdout(EvaluationModelServer.rows(10))
        let endpoint = try EvaluationServers.unreachable()
        let scorer = EndpointScorer(client: servers.client, batchSize: 4)
        await #expect { try await scorer.score(holdout.features, at: endpoint) } throws: { error in
            "\(error)".contains("refused the connection") && "\(error)".contains("model m at http://127.0.0.1:\(endpoint.port)")
        }
    }
}
