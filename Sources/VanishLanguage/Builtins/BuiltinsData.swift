import VanishCore

extension Builtins {
  nonisolated(unsafe) static let dataBuiltins: [Builtin] = [
    Builtin(
      "dataset", .data, signature: "dataset(X, Y)",
      summary: "examples from matrices, one example per row of X with its target in the same row of Y",
      example: "data = dataset([[0, 0], [1, 1]], [[0], [1]]); data.size"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(2...2, usage: "dataset(X, Y)")
      func rows(_ arg: (value: Value, range: SourceRange), _ what: String) throws(Diagnostic) -> Matrix {
        switch arg.value {
        case .matrix(let m): return m.transposed
        case .vector(let v): return Matrix(rows: 1, cols: v.count, storage: v)  // one number per example
        default: throw Diagnostic("\(what) must be a matrix with one example per row, not \(arg.value.aKind)", at: arg.range)
        }
      }
      let x = try rows(c.positional[0], "X")
      let y = try rows(c.positional[1], "Y")
      if x.cols != y.cols {
        throw c.error("X has \(x.cols) rows (examples) but Y has \(y.cols)")
      }
      return .dataset(try c.wrap { () throws(CoreError) in try Dataset(inputs: x, targets: y) })
    },
    Builtin(
      "fashion_mnist", .data, signature: "fashion_mnist(dir=\"\(FashionMNIST.directory)\")",
      summary: "Fashion-MNIST: 60,000 training images (28×28, pixels in [0, 1], labels one-hot), 10,000 as .test",
      example: "data = fashion_mnist(); data.test.size",
      named: ["dir"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(0...1, usage: "fashion_mnist()")
      var directory = FashionMNIST.directory
      if let arg = c.optional(0, "dir") {
        directory = try c.interpreter.accessiblePath(try c.string(arg, "the directory"), at: arg.range)
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
      "idx", .data, signature: "idx(\"images\", \"labels\") or idx(images, labels, test_images, test_labels)",
      summary: "an MNIST-format pair of IDX files (gzip or plain): pixels in [0, 1], labels one-hot; a 2nd pair: .test",
      example: "idx(\"/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz\", \"/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "idx(\"images.gz\", \"labels.gz\")"
      guard c.positional.count == 2 || c.positional.count == 4 else {
        throw c.error("idx takes 2 files (images, labels) or 4 (and the test images and labels), got \(c.positional.count)", hint: "usage: \(usage)")
      }
      var paths: [String] = []
      for (i, arg) in c.positional.enumerated() {
        paths.append(try c.interpreter.accessiblePath(try c.string(arg, i % 2 == 0 ? "the images file" : "the labels file"), at: arg.range))
      }
      func pair(_ i: Int) throws(Diagnostic) -> Dataset {
        do throws(CoreError) {
          return try Dataset.idx(images: paths[i], labels: paths[i + 1])
        } catch {
          // Point at the file the message names when it names one of the two.
          let at = error.description.contains(paths[i + 1]) && !error.description.contains(paths[i]) ? i + 1 : i
          throw Diagnostic(error.description, at: c.positional[at].range)
        }
      }
      var data = try pair(0)
      if paths.count == 4 {
        let test = try pair(2)
        if test.inputSize != data.inputSize {
          throw Diagnostic(
            "the test images have \(test.inputSize) pixels but the training images \(data.inputSize)", at: c.positional[2].range)
        }
        data.test = test
      }
      return .dataset(data)
    },
    Builtin(
      "csv", .data, signature: "csv(\"file.csv\", target=last, onehot=auto)",
      summary: "your own table, one example per row: the last column (or target=) is the target, the others inputs",
      example: "save(dataset([[0, 1], [1, 0], [2, 2]], [0, 1, 2]), \"/tmp/vanish-help.csv\"); csv(\"/tmp/vanish-help.csv\")",
      named: ["target", "onehot"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "csv(\"file.csv\", target=\"label\")")
      let path = try c.interpreter.accessiblePath(try c.string(c.positional[0], "the file name"), at: c.positional[0].range)
      var target = Dataset.CSVColumn.last
      if let arg = c.named["target"] {
        switch arg.value {
        case .string(let name): target = .named(name)
        case .number: target = .number(try c.integer(arg, "the target column", in: 1...1_000_000))
        default:
          throw Diagnostic("target= takes a column name in quotes or a column number, not \(arg.value.aKind)", at: arg.range)
        }
      }
      var oneHot: Bool?
      if let arg = c.named["onehot"] {
        guard case .bool(let b) = arg.value else {
          throw Diagnostic("onehot= takes true or false, not \(arg.value.aKind)", at: arg.range)
        }
        oneHot = b
      }
      do throws(CoreError) {
        return .dataset(try Dataset.csv(path, target: target, oneHot: oneHot))
      } catch {
        // Problems of the file point at its name; a target or onehot= that does not fit, at that argument.
        var at = c.positional[0].range
        if case .invalidArgument = error { at = (c.named["target"] ?? c.named["onehot"])?.range ?? at }
        throw Diagnostic(error.description, at: at)
      }
    },
    Builtin(
      "xor", .data, signature: "xor()",
      summary: "the four cases of exclusive or: inputs (0,0), (0,1), (1,0), (1,1), one target 0 or 1",
      example: "xor().targets"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(0...0, usage: "xor()")
      return .dataset(Dataset.xor())
    },
    Builtin(
      "spiral", .data, signature: "spiral(n, classes)",
      summary: "n points on each of `classes` spiral arms in the plane (CS231n's), targets one-hot; seeded",
      example: "seed(1); spiral(100, 3)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "spiral(100, 3)"
      try c.requireCount(2...2, usage: usage)
      let n = try c.integer(c.positional[0], "the number of points per arm", in: 1...1_000_000)
      let classes = try c.integer(c.positional[1], "the number of classes", in: 2...100)
      try c.interpreter.checkElements(Double(n) * Double(classes) * Double(2 + classes), "this dataset", at: c.range)
      if n * classes > 10_000_000 {
        throw c.error(
          "spiral(\(n), \(classes)) would make \(n * classes) examples; the most is 10000000",
          hint: "use fewer points per arm or fewer classes")
      }
      return .dataset(try c.wrap { () throws(CoreError) in try Dataset.spiral(perClass: n, classes: classes, using: &c.interpreter.rng) })
    },
    Builtin(
      "circles", .data, signature: "circles(n, noise=0.05)",
      summary: "n points on two circles, radius 1 (target 0) and 1/2 (target 1), with Gaussian noise; seeded",
      example: "seed(1); circles(200)", named: ["noise"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "circles(200)")
      let n = try c.integer(c.positional[0], "the number of points", in: 2...10_000_000)
      try c.interpreter.checkElements(Double(n) * 3, "this dataset", at: c.range)
      let noise = try c.named["noise"].map { (a) throws(Diagnostic) in try c.number(a, "the noise") } ?? 0.05
      return .dataset(try c.wrap { () throws(CoreError) in try Dataset.circles(n, noise: noise, using: &c.interpreter.rng) })
    },
    Builtin(
      "take", .data, signature: "take(data, n)",
      summary: "the first n training examples (all when there are fewer); the test part stays whole",
      example: "take(spiral(100, 3), 10).size"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(2...2, usage: "take(data, 1000)")
      let data = try c.dataset(c.positional[0])
      let n = try c.integer(c.positional[1], "the number of examples", in: 1...Int(Int32.max))
      var small = data.prefix(n)
      small.test = data.test
      return .dataset(small)
    },
  ]
}

extension CallContext {
  public func dataset(_ arg: (value: Value, range: SourceRange), _ what: String = "the data") throws(Diagnostic) -> Dataset {
    if case .dataset(let d) = arg.value { return d }
    throw Diagnostic("\(what) must be a dataset, not \(arg.value.aKind)", at: arg.range,
      hint: "fashion_mnist(), idx(...), csv(...), xor(), spiral(n, classes), circles(n) or dataset(X, Y)")
  }
}
