import Foundation
import Testing
@testable import VanishCore

/// Compact storage, batches, subsets, generated problems and CSV tables.
@Suite struct DatasetTests {
  static let values = try! Dataset(
    inputs: Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]]), targets: Matrix(rowArrays: [[0.5, -1, 2]]))

  @Test func batchesComeOutInBothLayouts() {
    let d = DatasetTests.values
    var rows = Matrix(rows: 2, cols: 2)
    d.fillInputRows([2, 0], into: &rows)
    #expect(rows.rowArrays == [[3, 6], [1, 4]])
    #expect(d.inputs.rowArrays == [[1, 2, 3], [4, 5, 6]])
    var y = Matrix(rows: 1, cols: 2)
    d.fillTargets([2, 0], into: &y)
    #expect(y.storage == [2, 0.5])
  }

  @Test func classesBecomeOneHot() throws {
    let d = try Dataset(inputs: .pixels([0, 255, 51, 102]), inputSize: 2, targets: .classes([1, 0]), outputSize: 3)
    #expect(d.targets.rowArrays == [[0, 1], [1, 0], [0, 0]])
    #expect(d.inputs.rowArrays == [[0, 0.2], [1, 0.4]])
    #expect(d.label(0) == 1)
    #expect(throws: CoreError.invalidArgument("class 3 is outside 0..<3")) {
      try Dataset(inputs: .pixels([0, 0]), inputSize: 2, targets: .classes([3]), outputSize: 3)
    }
  }

  @Test func subsetsKeepTheStorageAndDropTheTestPart() throws {
    var d = try Dataset(inputs: .pixels([1, 2, 3, 4, 5, 6]), inputSize: 2, targets: .classes([0, 1, 0]), outputSize: 2)
    d.test = DatasetTests.values
    let s = d.subset([2, 1])
    guard case .pixels(let p) = s.inputStorage, case .classes(let c) = s.targetStorage else {
      Issue.record("the subset changed the storage")
      return
    }
    #expect(p == [5, 6, 3, 4])
    #expect(c == [0, 1])
    #expect(s.test == nil)
    #expect(d.prefix(10).size == 3)
    #expect(d.test?.size == 3)
    #expect(d.withoutTest.test == nil)
  }

  @Test func predictedClassIsTheLargestOutput() {
    #expect(Dataset.predictedClass([0.1, 0.7, 0.2]) == 1)
    #expect(Dataset.predictedClass([0.5, 0.5]) == 0)
    #expect(Dataset.predictedClass([0.5]) == 1)
    #expect(Dataset.predictedClass([0.49]) == 0)
  }

  @Test func generatedProblemsAreSeededAndAlternateClasses() throws {
    var a = SeededGenerator(seed: 5)
    var b = SeededGenerator(seed: 5)
    let s1 = try Dataset.spiral(perClass: 50, classes: 3, using: &a)
    let s2 = try Dataset.spiral(perClass: 50, classes: 3, using: &b)
    #expect(s1.size == 150)
    #expect(s1.inputs == s2.inputs)
    #expect((0..<6).map(s1.label) == [0, 1, 2, 0, 1, 2])
    // Radius grows from 0 to 1 along each arm.
    let x = s1.inputs
    #expect(abs(x.column(147)[0] * x.column(147)[0] + x.column(147)[1] * x.column(147)[1] - 1) < 1e-12)
    let c = try Dataset.circles(100, noise: 0, using: &a)
    #expect((0..<4).map(c.label) == [0, 1, 0, 1])
    let radii = (0..<100).map { i in (c.inputs.column(i)[0] * c.inputs.column(i)[0] + c.inputs.column(i)[1] * c.inputs.column(i)[1]).squareRoot() }
    #expect(radii.enumerated().allSatisfy { i, r in abs(r - (i % 2 == 0 ? 1 : 0.5)) < 1e-12 })
    #expect(Dataset.xor().targets.storage == [0, 1, 1, 0])
  }

  @Test func csvWithHeaderAndClassLabels() throws {
    let text = "height,width,kind\n1.5,2,0\n2.5,3,2\n0.5,1,1\n"
    let d = try Dataset.csv(text: text, name: "t.csv")
    #expect(d.size == 3)
    #expect(d.inputSize == 2)
    #expect(d.outputSize == 3)  // kinds 0, 1, 2: one-hot
    #expect(d.inputs.rowArrays == [[1.5, 2.5, 0.5], [2, 3, 1]])
    #expect((0..<3).map(d.label) == [0, 2, 1])
    let byName = try Dataset.csv(text: text, name: "t.csv", target: .named("height"))
    #expect(byName.outputSize == 1)
    #expect(byName.targets.storage == [1.5, 2.5, 0.5])
    #expect(byName.inputs.rowArrays == [[2, 3, 1], [0, 2, 1]])
    let asValues = try Dataset.csv(text: text, name: "t.csv", oneHot: false)
    #expect(asValues.outputSize == 1)
    #expect(try Dataset.csv(text: text, name: "t.csv", target: .number(1)).targets.storage == [1.5, 2.5, 0.5])
  }

  @Test func csvWithoutHeaderAndBinaryLabels() throws {
    let d = try Dataset.csv(text: "0;0;0\n0;1;1\n1;0;1\n1;1;0\n", name: "xor.csv")
    #expect(d.size == 4)
    #expect(d.outputSize == 1)  // 0/1 labels stay one output, as for xor()
    #expect(d.targets.storage == [0, 1, 1, 0])
    let oneHot = try Dataset.csv(text: "0;0;0\n0;1;1\n", name: "xor.csv", oneHot: true)
    #expect(oneHot.outputSize == 2)
  }

  @Test func csvErrorsNameTheLineAndColumn() {
    #expect(throws: CoreError.invalidFile("t.csv, line 3, column 'b' holds 'x', not a finite number")) {
      try Dataset.csv(text: "a,b,c\n1,2,3\n4,x,6\n", name: "t.csv")
    }
    #expect(throws: CoreError.invalidFile("t.csv, line 2, column 'c' is empty")) {
      try Dataset.csv(text: "a,b,c\n1,2\n", name: "t.csv")
    }
    #expect(throws: CoreError.invalidArgument("t.csv has no column 'd'; its columns: a, b, c")) {
      try Dataset.csv(text: "a,b,c\n1,2,3\n", name: "t.csv", target: .named("d"))
    }
    #expect(throws: CoreError.invalidFile("t.csv has no rows of numbers")) {
      try Dataset.csv(text: "a,b,c\n", name: "t.csv")
    }
    #expect(throws: CoreError.invalidArgument("the target column 'c' must hold class numbers 0, 1, 2, ... to be made one-hot")) {
      try Dataset.csv(text: "a,b,c\n1,2,0.5\n", name: "t.csv", oneHot: true)
    }
  }

  @Test func csvTextReadsBackAsTheSameDataset() throws {
    let d = try Dataset(
      inputs: .values([0.1, -2, 1e-300, 3]), inputSize: 2, targets: .classes([2, 0]), outputSize: 3)
    let back = try Dataset.csv(text: try d.csvText(), name: "round.csv")
    #expect(back.inputs == d.inputs)
    #expect(back.targets == d.targets)
    let twoTargets = try Dataset(inputs: Matrix(rowArrays: [[1]]), targets: Matrix(rowArrays: [[1], [0]]))
    #expect(throws: CoreError.invalidArgument(
      "a CSV file holds one target column, but these examples have 2 targets each and are not one-hot classes")
    ) { try twoTargets.csvText() }
  }
}
