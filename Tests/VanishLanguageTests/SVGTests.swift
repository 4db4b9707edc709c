import Foundation
import Testing
@testable import VanishLanguage

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// SVG documents: well-formed XML, the elements each mark needs, compact numbers.
@Suite struct SVGTests {
  /// Parses the document and counts elements by name; Linux's XMLParser may return true after
  /// an error, so the errors the delegate hears are what decide.
  final class Checker: NSObject, XMLParserDelegate {
    var errors: [String] = []
    var depth = 0
    var root: String?
    var rootAttributes: [String: String] = [:]
    var counts: [String: Int] = [:]
    var attributes: [String: [[String: String]]] = [:]

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { errors.append("\(parseError)") }

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if root == nil {
        root = name
        rootAttributes = attributes
      }
      depth += 1
      counts[name, default: 0] += 1
      self.attributes[name, default: []].append(attributes)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      depth -= 1
    }
  }

  func check(_ svg: String) -> Checker {
    let checker = Checker()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = checker
    let ok = parser.parse()
    #expect(ok && checker.errors.isEmpty && checker.depth == 0, "not well-formed: \(checker.errors)")
    #expect(checker.root == "svg")
    #expect(checker.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(checker.rootAttributes["viewBox"]?.hasPrefix("0 0 ") == true)
    #expect(svg.hasPrefix("<svg"))
    return checker
  }

  @Test func linePlotHasOnePolylineThroughItsPoints() throws {
    let svg = SVG.document(Figure(title: "a <title> & more", marks: [.line(Figure.Line([1, 2, 3]))]))
    let checker = check(svg)
    #expect(checker.counts["polyline"] == 1)
    let points = try #require(checker.attributes["polyline"]?.first?["points"])
    #expect(points.split(separator: " ").count == 3)
    #expect(svg.contains("a &lt;title&gt; &amp; more"))
    #expect(checker.counts["clipPath"] == 1)
  }

  @Test func stackedPanelsShareTheXAxisAndEachHasItsOwnY() throws {
    let figure = Figure(
      x: Figure.Axis("epoch", wholeNumbers: true), y: Figure.Axis("cost"), marks: [.line(Figure.Line(x: [0, 1, 2], y: [12, 3, 1]))],
      below: [Figure.Panel(y: Figure.Axis("accuracy"), lines: [Figure.Line(x: [0, 1, 2], y: [0.1, 0.6, 0.9])])])
    let svg = SVG.document(figure)
    let checker = check(svg)
    #expect(checker.counts["clipPath"] == 2 && checker.counts["polyline"] == 2)
    // Each line is clipped to its own panel; the x tick labels (0, 1, 2) are written once.
    let clips = try #require(checker.attributes["polyline"]).map { $0["clip-path"] }
    #expect(clips == ["url(#area)", "url(#area2)"])
    #expect(svg.components(separatedBy: ">1</text>").count - 1 == 1)
    #expect(svg.contains(">cost</text>") && svg.contains(">accuracy</text>") && svg.contains(">epoch</text>"))
    // Two colours: the accuracy is not drawn in the cost's.
    let strokes = try #require(checker.attributes["polyline"]).map { $0["stroke"] }
    #expect(strokes[0] != strokes[1])
  }

  @Test func seriesGetTheirOwnColoursAndALegend() {
    let figure = Figure.columns([[1, 10, 100], [2, 20, 200]], seriesName: "layer")
    let checker = check(SVG.document(figure))
    let strokes = Set((checker.attributes["polyline"] ?? []).compactMap { $0["stroke"] })
    #expect(strokes == Set((0..<3).map { Palette.series($0).hex }))
    let texts = SVG.document(figure)
    #expect(texts.contains(">layer 1<") && texts.contains(">layer 3<"))
  }

  @Test func barsHaveARectanglePerValue() {
    let figure = Figure(marks: [.bars(Figure.Bars(categories: ["1", "2"], series: [.init("a", [1e-4, 1e-1]), .init("b", [1e-3, 1])]))])
    let checker = check(SVG.document(figure))
    // The background, four bars, two legend swatches.
    #expect(checker.counts["rect"] == 1 + 4 + 2)
    #expect(SVG.document(figure).contains(">1e-4<"))
  }

  @Test func contourHasAPathPerLevelAndMarkersAtThePathsEnds() {
    let n = 41
    let values = (0..<n).map { i in
      (0..<n).map { j -> Double in
        let (x, y) = (-2 + 4 * Double(j) / 40, -2 + 4 * Double(i) / 40)
        return x * x + y * y
      }
    }
    let contour = Figure.Contour(values: values, x: -2...2, y: -2...2, levels: [0.5, 1, 2])
    let path = Figure.Line(x: [1.5, 0.5, 0], y: [1.5, 0.2, 0], label: "sgd", marksEnds: true)
    let checker = check(SVG.document(Figure(marks: [.contour(contour), .line(path)])))
    #expect(checker.counts["path"] == 3 + 1, "three levels and the axes")
    #expect(checker.counts["polyline"] == 1)
    // Start and end on the drawing, and again in the legend.
    #expect(checker.counts["circle"] == 4)
    #expect(checker.counts["linearGradient"] == 1)
  }

  @Test func heatmapHasACellPerEntryAndAColourBar() {
    let figure = Figure(marks: [.heatmap(Figure.Heatmap(rows: [[1, -2, 3], [-4, 5, -6]], label: "m"))])
    let checker = check(SVG.document(figure))
    // Background, six cells, the frame, the colour bar.
    #expect(checker.counts["rect"] == 1 + 6 + 1 + 1)
    let fills = (checker.attributes["rect"] ?? []).compactMap { $0["fill"] }
    #expect(fills.contains(Palette.diverging(0).hex), "-6 is the bluest")
    #expect(fills.contains(Palette.diverging(1).hex) == false, "6 does not occur; 5 is less red")
  }

  @Test func numbersAreCompact() {
    #expect(SVG.number(12.3456) == "12.35")
    #expect(SVG.number(100) == "100")
    #expect(SVG.number(0.1 + 0.2) == "0.3")
    #expect(SVG.number(-0.001) == "0")
    #expect(SVG.number(-2.5) == "-2.5")
  }

  @Test func noNumberInADocumentHasMoreThanTwoDecimals() throws {
    let svg = SVG.document(Figure(marks: [.line(Figure.Line((1...50).map { 1 / Double($0) }))]))
    let long = try NSRegularExpression(pattern: #"\d\.\d{3,}"#)
    let attributes = svg.replacingOccurrences(of: #">[^<]*<"#, with: "><", options: .regularExpression)
    #expect(long.numberOfMatches(in: attributes, range: NSRange(attributes.startIndex..., in: attributes)) == 0)
  }
}
