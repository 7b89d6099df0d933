import Foundation
import Testing
@testable import Controller

@Suite struct StatusPageChartTests {
    typealias Chart = StatusPage.Chart
    static let start = Date(timeIntervalSince1970: 1_772_366_400)

    func times(_ count: Int) -> [Date] { (0..<count).map { Self.start.addingTimeInterval(Double($0) * 10) } }

    func chart(_ values: [Double?], stable: [Double?]? = nil, times: [Date]? = nil) -> String {
        var series = [Chart.Series(name: "canary", colour: "#d97706", dashed: false, values: values)]
        if let stable { series.append(Chart.Series(name: "stable", colour: "#2563eb", dashed: true, values: stable)) }
        return Chart(title: "t", unit: "%", times: times ?? self.times(values.count), series: series).svg
    }

    /// The values of every `name="…"` attribute in order.
    func attributes(_ name: String, in svg: String) -> [String] {
        svg.components(separatedBy: " \(name)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// Each polyline's points as (x, y) pairs.
    func polylines(in svg: String) -> [[(x: Double, y: Double)]] {
        attributes("points", in: svg).map { points in
            points.split(separator: " ").map { pair in
                let numbers = pair.split(separator: ",").map { Double($0)! }
                return (numbers[0], numbers[1])
            }
        }
    }

    @Test func scalesASeriesOntoThePlotArea() {
        let svg = chart([0, 1, 2, 4])
        #expect(attributes("points", in: svg) == ["60.0,198.0 208.3,160.5 356.7,123.0 505.0,48.0"])
        for label in ["0%", "1%", "2%", "3%", "4%"] { #expect(svg.contains(">\(label)</text>"), "no tick \(label)") }
        for label in ["12:00:00", "12:00:15", "12:00:30"] { #expect(svg.contains(">\(label)</text>"), "no tick \(label)") }
    }

    @Test(arguments: [1, 2, 7, 60])
    func everyPointLiesInsideThePlot(count: Int) throws {
        let values = (0..<count).map { Double(($0 * 37) % 11) * 0.37 }
        let svg = chart(values, stable: values.map { $0 / 2 })
        let lines = polylines(in: svg)
        #expect(lines.map(\.count) == (count == 1 ? [] : [count, count]))
        let circles = zip(attributes("cx", in: svg), attributes("cy", in: svg)).map { (Double($0)!, Double($1)!) }
        #expect(circles.count == (count == 1 ? 2 : 0))
        for point in lines.flatMap({ $0 }) + circles.map({ (x: $0.0, y: $0.1) }) {
            #expect((Chart.plot.left...Chart.plot.right).contains(point.x))
            #expect((Chart.plot.top...Chart.plot.bottom).contains(point.y))
        }
        let viewBox = try #require(attributes("viewBox", in: svg).first)
        #expect(viewBox == "0 0 520.0 230.0")
    }

    @Test func aFlatSeriesIsAHorizontalLine() throws {
        let line = try #require(polylines(in: chart([3, 3, 3, 3])).first)
        #expect(Set(line.map(\.y)) == [Chart.plot.top])
        #expect(line.map(\.x) == [60, 208.3, 356.7, 505])
    }

    @Test func zerosLieOnTheBottomLineOfAUnitScale() {
        let svg = chart([0, 0, 0], stable: [0, 0, 0])
        #expect(polylines(in: svg).flatMap { $0 }.allSatisfy { $0.y == Chart.plot.bottom })
        #expect(svg.contains(">1.00%</text>"))
        #expect(svg.contains(">0.25%</text>"))
    }

    @Test func onePointIsADotInTheMiddleWithOneTimeTick() {
        let svg = chart([2], stable: [1])
        #expect(!svg.contains("<polyline"))
        #expect(attributes("cx", in: svg) == ["282.5", "282.5"])
        #expect(attributes("cy", in: svg) == ["48.0", "123.0"])
        #expect(svg.components(separatedBy: "text-anchor=\"middle\"").count - 1 == 1)
        #expect(svg.contains(">12:00:00</text>"))
    }

    @Test func missingStableValuesLeaveAGap() {
        let svg = chart([1, 1, 1, 1, 1], stable: [1, nil, 3, 4, nil])
        #expect(polylines(in: svg).map(\.count) == [5, 2])
        // The stable value standing alone before the gap is a dot, drawn in stable's colour.
        #expect(svg.contains("<circle cx=\"60.0\" cy=\"160.5\" r=\"3\" fill=\"#2563eb\"/>"))
    }

    @Test func valuesThatCannotBeDrawnAreGapsAndNegativesSitOnZero() {
        let svg = chart([1, .nan, .infinity, -2, 2])
        #expect(polylines(in: svg).map { $0.map(\.y) } == [[198.0, 48.0]])
        #expect(attributes("cy", in: svg) == ["123.0"])
    }

    @Test func valuesBeyondTheTimesAreNotDrawn() {
        let svg = chart([1, 2, 3, 100], times: times(3))
        #expect(polylines(in: svg).map(\.count) == [3])
        #expect(svg.contains(">3%</text>"))
    }

    @Test func hasATitleALegendAndAxes() {
        let svg = chart([1, 2], stable: [1, 1])
        #expect(svg.hasPrefix("<svg class=\"chart\" viewBox=\"0 0 520.0 230.0\" role=\"img\" font-size=\"11\"><title>t</title>"))
        #expect(svg.contains(">canary</text>"))
        #expect(svg.contains(">stable</text>"))
        #expect(svg.contains("stroke-dasharray=\"5 3\""))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test(arguments: [
        (0.4, 0.1, 4, 1), (1, 0.25, 4, 2), (0, 0.25, 4, 2), (7, 2, 4, 0), (120, 50, 3, 0), (0.012, 0.005, 3, 3), (2.5e6, 1e6, 3, 0),
    ])
    func ticksAreRoundSteps(maximum: Double, step: Double, intervals: Int, digits: Int) {
        let ticks = NiceTicks(covering: maximum)
        #expect(abs(ticks.step - step) < step * 1e-9)
        #expect(ticks.intervals == intervals)
        #expect(ticks.digits == digits)
        #expect(ticks.top >= maximum)
        #expect(ticks.values.count == intervals + 1)
    }
}
