import Pipelines

/// Reads predictions out of an Open Inference Protocol (KServe V2) response.
///
/// The output named `predict`, or else the first output other than `probabilities`, holds one
/// prediction per row (shape [n] or [n, 1]). An output named `probabilities` (shape [n] for the
/// positive class, or [n, k] with one column per class) is read when present.
enum InferenceResponseBody {
    /// Why a response cannot be read as `rows` predictions.
    struct Problem: Error {
        var message: String
    }

    static func decode(_ body: [UInt8], rows: Int) throws(Problem) -> Predictions {
        let document: JSONValue
        do {
            document = try JSONBytes.parse(body)
        } catch {
            throw Problem(message: "the response is not JSON (\(error))")
        }
        guard case .object(let top) = document, case .array(let outputs)? = top["outputs"], !outputs.isEmpty else {
            throw Problem(message: "the response has no \"outputs\" list")
        }
        let tensors = try outputs.map { output throws(Problem) in try Tensor(output) }
        guard let prediction = tensors.first(where: { $0.name == "predict" }) ?? tensors.first(where: { $0.name != "probabilities" }) else {
            throw Problem(message: "the response has only a \"probabilities\" output; name the output of predictions \"predict\"")
        }
        guard prediction.shape == [rows] || prediction.shape == [rows, 1] else {
            throw Problem(message: "output '\(prediction.name)' has shape \(prediction.shape), expected [\(rows)] or [\(rows), 1] for \(rows) rows")
        }
        var labels: [String] = []
        var numbers: [Double]? = []
        labels.reserveCapacity(rows)
        numbers?.reserveCapacity(rows)
        for item in prediction.data {
            switch item {
            case .number(let number):
                labels.append(ClassLabel.canonical(number))
                numbers?.append(number)
            case .string(let text):
                labels.append(ClassLabel.canonical(text))
                if let number = Double(text), number.isFinite { numbers?.append(number) } else { numbers = nil }
            case .bool(let flag):
                labels.append(flag ? "true" : "false")
                numbers = nil
            default:
                throw Problem(message: "output '\(prediction.name)' holds a value that is neither a number nor a string")
            }
        }
        let probabilities = try tensors.first { $0.name == "probabilities" }.map { tensor throws(Problem) in try Self.probabilities(tensor, rows: rows) }
        return Predictions(labels: labels, numbers: numbers, probabilities: probabilities)
    }

    private static func probabilities(_ tensor: Tensor, rows: Int) throws(Problem) -> ClassProbabilities {
        var values: [Double] = []
        values.reserveCapacity(tensor.data.count)
        for item in tensor.data {
            // A little slack for sums that rounding pushed past 1.
            guard case .number(let p) = item, p.isFinite, p >= -1e-9, p <= 1 + 1e-9 else {
                throw Problem(message: "output 'probabilities' holds a value that is not a probability between 0 and 1")
            }
            values.append(p)
        }
        switch tensor.shape.count {
        case 1 where tensor.shape[0] == rows:
            return .positive(values)
        case 2 where tensor.shape[0] == rows && tensor.shape[1] == 1:
            return .positive(values)
        case 2 where tensor.shape[0] == rows && tensor.shape[1] >= 1:
            var classes: [String]?
            if case .object(let parameters)? = tensor.parameters, case .array(let named)? = parameters["classes"] {
                classes = try named.map { item throws(Problem) in
                    switch item {
                    case .string(let text): return ClassLabel.canonical(text)
                    case .number(let number): return ClassLabel.canonical(number)
                    default: throw Problem(message: "output 'probabilities' has parameters.classes that are not labels")
                    }
                }
                guard classes?.count == tensor.shape[1] else {
                    throw Problem(message: "output 'probabilities' names \(named.count) classes for \(tensor.shape[1]) columns")
                }
            }
            return .perClass(classes: classes, columns: tensor.shape[1], values: values)
        default:
            throw Problem(message: "output 'probabilities' has shape \(tensor.shape), expected [\(rows)] or [\(rows), k] for \(rows) rows")
        }
    }

    /// One output: name, shape, parameters and its data flattened in row-major order.
    private struct Tensor {
        var name: String
        var shape: [Int]
        var parameters: JSONValue?
        var data: [JSONValue]

        init(_ output: JSONValue) throws(Problem) {
            guard case .object(let fields) = output, case .string(let name)? = fields["name"] else {
                throw Problem(message: "an output has no \"name\"")
            }
            guard case .array(let shape)? = fields["shape"] else { throw Problem(message: "output '\(name)' has no \"shape\"") }
            let dimensions = shape.compactMap { item -> Int? in
                if case .number(let n) = item, n >= 0, n == n.rounded(), n < 1e15 { return Int(n) }
                return nil
            }
            guard dimensions.count == shape.count else {
                throw Problem(message: "output '\(name)' has a \"shape\" that is not a list of whole numbers")
            }
            guard case .array(let data)? = fields["data"] else {
                throw Problem(message: "output '\(name)' has no \"data\" list")
            }
            var flat: [JSONValue] = []
            flat.reserveCapacity(data.count)
            Self.flatten(data, into: &flat)
            guard flat.count == dimensions.reduce(1, *) else {
                throw Problem(message: "output '\(name)' has \(flat.count) values, but its shape \(dimensions) holds \(dimensions.reduce(1, *))")
            }
            self.name = name
            self.shape = dimensions
            self.parameters = fields["parameters"]
            self.data = flat
        }

        private static func flatten(_ items: [JSONValue], into flat: inout [JSONValue]) {
            for item in items {
                if case .array(let inner) = item { flatten(inner, into: &flat) } else { flat.append(item) }
            }
        }
    }
}
