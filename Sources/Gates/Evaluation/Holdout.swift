import Pipelines

/// A labelled data set kept out of training: the label column and every other column as a feature.
public struct Holdout: Sendable, Equatable {
    /// The file it was read from.
    public var path: String
    /// The label column's name.
    public var label: String
    /// Every column but the label, in file order.
    public var features: [FeatureColumn]
    /// The label of each row, as written.
    public var labels: [String]

    public init(path: String, label: String, features: [FeatureColumn], labels: [String]) {
        self.path = path
        self.label = label
        self.features = features
        self.labels = labels
    }

    /// The number of rows.
    public var rowCount: Int { labels.count }

    /// Reads the CSV file at `path`, whose column `label` holds the labels.
    public static func read(path: String, label: String) throws(HoldoutError) -> Holdout {
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            throw HoldoutError("holdout \(error)")
        }
        guard let labelIndex = reader.header.firstIndex(of: label) else {
            throw HoldoutError("holdout \(path) has no label column '\(label)' (its columns: \(reader.header.joined(separator: ", "))); "
                               + "set the gate's 'label' to the column that holds the labels")
        }
        let featureIndices = reader.header.indices.filter { $0 != labelIndex }
        guard !featureIndices.isEmpty else {
            throw HoldoutError("holdout \(path) has only the label column '\(label)'; a model needs at least one feature column")
        }
        var texts = Array(repeating: [String](), count: reader.header.count)
        var numbers = Array(repeating: [Double](), count: reader.header.count)
        var numeric = Array(repeating: true, count: reader.header.count)
        var record = CSVRecord()
        do {
            while try reader.next(into: &record) {
                for column in 0..<record.count {
                    let text = record.text(column)
                    texts[column].append(text)
                    guard numeric[column], column != labelIndex else { continue }
                    if let number = Double(text), number.isFinite {
                        numbers[column].append(number)
                    } else {
                        numeric[column] = false
                        numbers[column] = []
                    }
                }
            }
        } catch {
            throw HoldoutError("holdout \(error)")
        }
        guard reader.rowsRead > 0 else { throw HoldoutError("holdout \(path) has a header but no rows; there is nothing to score") }
        let features = featureIndices.map { column in
            FeatureColumn(name: reader.header[column], values: numeric[column] ? .numbers(numbers[column]) : .texts(texts[column]))
        }
        return Holdout(path: path, label: label, features: features, labels: texts[labelIndex])
    }

    /// The labels as numbers, for regression; an error names the first row that is not a number.
    func numericLabels() throws(HoldoutError) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(labels.count)
        for (row, text) in labels.enumerated() {
            guard let number = Double(text), number.isFinite else {
                throw HoldoutError("holdout \(path) row \(row + 1): label '\(text)' in column '\(label)' is not a number; a regression metric needs numeric labels")
            }
            result.append(number)
        }
        return result
    }
}
