import VanishCore

extension Builtins {
  nonisolated(unsafe) static let dataBuiltins: [Builtin] = [
    Builtin(
      "dataset", .data, parameters: [Parameter("X", .any), Parameter("Y", .any)],
      summary: "examples from matrices, one example per row of X with its target in the same row of Y",
      example: "data = dataset([[0, 0], [1, 1]], [[0], [1]]); data.size"
    ) { (c: inout CallContext) throws(Diagnostic) in
      func rows(_ arg: (value: Value, range: SourceRange), _ what: String) throws(Diagnostic) -> Matrix {
        switch arg.value {
        case .matrix(let m): return m.transposed
        case .vector(let v): return Matrix(rows: 1, cols: v.count, storage: v)  // one number per example
        default: throw Diagnostic("\(what) must be a matrix with one example per row, not \(arg.value.aKind)", at: arg.range)
        }
      }
      let x = try rows(try c.argument("X"), "X")
      let y = try rows(try c.argument("Y"), "Y")
      if x.cols != y.cols {
        throw c.error("X has \(x.cols) rows (examples) but Y has \(y.cols)")
      }
      return .dataset(try c.wrap { () throws(CoreError) in try Dataset(inputs: x, targets: y) })
    },
    Builtin(
      "fashion_mnist", .data,
      // Without dir=, the installed copy; turned off under a budget.
      parameters: [Parameter("dir", .path, optional: FashionMNIST.directory.debugDescription, about: "the directory")],
      summary: "Fashion-MNIST: 60,000 training images (28×28, pixels in [0, 1], labels one-hot), 10,000 as .test",
      example: "data = fashion_mnist(); data.test.size"
    ) { (c: inout CallContext) throws(Diagnostic) in
      var directory = FashionMNIST.directory
      if c.has("dir") {
        directory = try c.path("dir")
      } else if c.interpreter.budget != nil {
        throw c.error("fashion_mnist() is turned off in this session (it runs with a budget)")
      }
      do throws(CoreError) {
        return .dataset(try FashionMNIST.load(from: directory))
      } catch {
        let absent = FashionMNIST.missingFile(in: directory) != nil
        throw c.error(error.description, hint: absent ? "install it with: sudo \(FashionMNIST.installCommand)" : nil)
      }
    },
    Builtin(
      "idx", .data,
      overloads: [
        [images, labels],
        [
          images, labels, Parameter("test_images", .path, about: "the test images file"),
          Parameter("test_labels", .path, about: "the test labels file"),
        ],
      ],
      summary: "an MNIST-format pair of IDX files (gzip or plain): pixels in [0, 1], labels one-hot; a 2nd pair: .test",
      example: "idx(\"/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz\", \"/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let names = c.parameters.map(\.name)
      var paths: [String] = []
      var ranges: [SourceRange] = []
      for name in names {
        paths.append(try c.path(name))
        ranges.append(try c.argument(name).range)
      }
      func pair(_ i: Int) throws(Diagnostic) -> Dataset {
        do throws(CoreError) {
          return try Dataset.idx(images: paths[i], labels: paths[i + 1])
        } catch {
          // Point at the file the message names when it names one of the two.
          let at = error.description.contains(paths[i + 1]) && !error.description.contains(paths[i]) ? i + 1 : i
          throw Diagnostic(error.description, at: ranges[at])
        }
      }
      var data = try pair(0)
      if paths.count == 4 {
        let test = try pair(2)
        if test.inputSize != data.inputSize {
          throw Diagnostic(
            "the test images have \(test.inputSize) pixels but the training images \(data.inputSize)", at: ranges[2])
        }
        data.test = test
      }
      return .dataset(data)
    },
    Builtin(
      "csv", .data,
      parameters: [
        Parameter("file", .path, about: "the file name"),
        // A column's name in quotes, or its number.
        .named("target", .any, optional: "last"),
        // Without onehot=, a target of whole numbers 0 to K-1 for 3 to 100 classes is one-hot (Dataset.csv).
        .named("onehot", .bool, optional: "auto", about: "onehot="),
      ],
      summary: "your own table, one example per row: the last column (or target=) is the target, the others inputs",
      example: "save(dataset([[0, 1], [1, 0], [2, 2]], [0, 1, 2]), \"/tmp/vanish-help.csv\"); csv(\"/tmp/vanish-help.csv\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let path = try c.path("file")
      let fileRange = try c.argument("file").range
      var target = Dataset.CSVColumn.last
      if let arg = c.given("target") {
        switch arg.value {
        case .string(let name): target = .named(name)
        case .number: target = .number(try c.integer(arg, "the target column", in: 1...1_000_000))
        default:
          throw Diagnostic("target= takes a column name in quotes or a column number, not \(arg.value.aKind)", at: arg.range)
        }
      }
      let oneHot = c.has("onehot") ? try c.bool("onehot") : nil
      do throws(CoreError) {
        return .dataset(try Dataset.csv(path, target: target, oneHot: oneHot))
      } catch {
        // Problems of the file point at its name; a target or onehot= that does not fit, at that argument.
        var at = fileRange
        if case .invalidArgument = error { at = (c.given("target") ?? c.given("onehot"))?.range ?? at }
        throw Diagnostic(error.description, at: at)
      }
    },
    Builtin(
      "xor", .data, parameters: [],
      summary: "the four cases of exclusive or: inputs (0,0), (0,1), (1,0), (1,1), one target 0 or 1",
      example: "xor().targets"
    ) { (c: inout CallContext) throws(Diagnostic) in
      return .dataset(Dataset.xor())
    },
    Builtin(
      "spiral", .data,
      parameters: [
        Parameter("n", .integer(1...1_000_000), about: "the number of points per arm"),
        Parameter("classes", .integer(2...100), about: "the number of classes"),
      ],
      summary: "n points on each of `classes` spiral arms in the plane (CS231n's), targets one-hot; seeded",
      example: "seed(1); spiral(100, 3)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let n = try c.integer("n")
      let classes = try c.integer("classes")
      try c.interpreter.checkElements(Double(n) * Double(classes) * Double(2 + classes), "this dataset", at: c.range)
      if n * classes > 10_000_000 {
        throw c.error(
          "spiral(\(n), \(classes)) would make \(n * classes) examples; the most is 10000000",
          hint: "use fewer points per arm or fewer classes")
      }
      return .dataset(try c.wrap { () throws(CoreError) in try Dataset.spiral(perClass: n, classes: classes, using: &c.interpreter.rng) })
    },
    Builtin(
      "circles", .data,
      parameters: [
        Parameter("n", .integer(2...10_000_000), about: "the number of points"),
        .named("noise", .number, default: .number(0.05), about: "the noise"),
      ],
      summary: "n points on two circles, radius 1 (target 0) and 1/2 (target 1), with Gaussian noise; seeded",
      example: "seed(1); circles(200)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let n = try c.integer("n")
      try c.interpreter.checkElements(Double(n) * 3, "this dataset", at: c.range)
      let noise = try c.number("noise")
      return .dataset(try c.wrap { () throws(CoreError) in try Dataset.circles(n, noise: noise, using: &c.interpreter.rng) })
    },
    Builtin(
      "take", .data,
      parameters: [
        Parameter("data", .dataset), Parameter("n", .integer(1...Int(Int32.max)), about: "the number of examples"),
      ],
      summary: "the first n training examples (all when there are fewer); the test part stays whole",
      example: "take(spiral(100, 3), 10).size"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let data = try c.dataset("data")
      let n = try c.integer("n")
      var small = data.prefix(n)
      small.test = data.test
      return .dataset(small)
    },
  ]
}

extension Builtins {
  /// idx's first pair of files.
  nonisolated(unsafe) private static let images = Parameter("images", .path, about: "the images file")
  nonisolated(unsafe) private static let labels = Parameter("labels", .path, about: "the labels file")
}
