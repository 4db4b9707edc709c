import Foundation
import Testing
@testable import VanishLanguage

/// Bad input of every kind, typed into one session one after the other, as a student at the
/// prompt would: syntax, types, shapes, sizes, files and numerics. Each must give its exact
/// error (first line, and its hint or none), and afterwards the session must still answer
/// with its variables as they were: `keep` is still 42 and a new statement evaluates.
@Suite struct BadInputTests {
  struct Case: Sendable {
    let source: String
    /// The first line of the error, after "error: ", with the fixtures' directory as $DIR.
    let error: String
    let hint: String?
    /// Compare only the start of the error (the rest states this machine's memory).
    let prefix: Bool

    init(_ source: String, _ error: String, hint: String? = nil, prefix: Bool = false) {
      self.source = source
      self.error = error
      self.hint = hint
      self.prefix = prefix
    }
  }

  /// Run first, in the same session: the variables the bad inputs use.
  static let prelude = """
    keep = 42
    seed(1)
    net = dense(2, 3) -> dense(3, 1)
    v = [1, 2, 3]
    m = [[1, 2], [3, 4]]
    data = xor()
    line = dataset([[1], [2], [3], [4]], [[0], [1], [0], [1]])
    g = grad(net, [1, 2], [0])
    f(w1, w2) = w1^2 + 10*w2^2
    sq(x) = x*x
    loop(n) = loop(n + 1)
    bad(x) = x + "a"
    save(net, "good.json")
    """

  static let cases: [Case] = [
    // Syntax
    Case("1 +", "1:4: expected an expression after '+', found end of input"),
    Case("dense(784, 30", "1:14: expected ')' to close '(' opened at 1:6, found end of input"),
    Case("(((1)", "1:6: expected ')' to close '(' opened at 1:2, found end of input"),
    Case("x = = 2", "1:5: expected a value after '=', found '='", hint: "there is no '=='; '=' gives a name a value, and printing shows a value"),
    Case("3 = x", "1:1: cannot assign to this expression", hint: "the left side of '=' is a name, a field or index such as net.w[2], or f(w1, w2)"),
    Case("net.w[1] = ", "1:11: expected a value after '=', found end of input"),
    Case("f(1) = 2", "1:3: a function's parameters must be plain names", hint: "define it as f(w1, w2) = ..."),
    Case("\"unterminated", "1:1: unterminated string", hint: "close it with '\"'"),
    Case("1e999", "1:1: number '1e999' is too large for a Double", hint: "the largest Double is about 1.8e308"),
    Case("0x1F", "1:2: expected the end of the statement, found 'x1F'", hint: "separate statements with a newline or ';'"),
    Case("1.2.3", "1:5: expected a field name after '.', found number '3'", hint: "write a number with digits after the point: 1.0"),
    Case("2 $ 3", "1:3: unexpected character '$'"),
    Case("@", "1:1: expected an expression, found '@'", hint: "a statement cannot start with '@'; to continue the line above, end that line with '@'"),
    Case("net..w", "1:5: expected a field name after '.', found '.'"),
    Case("[1, 2]]", "1:7: expected the end of the statement, found ']'", hint: "this closing bracket has no opening one"),
    Case("keep[", "1:6: expected ']' to close '[' opened at 1:5, found end of input"),
    Case("dense(1,1) x", "1:12: expected the end of the statement, found 'x'", hint: "repeat a layer with x and a count: dense(1, 1, sigmoid) x 8"),
    Case("dense(1,1) x 0", "1:14: repetition count must be a whole number from 1 to 10000, not 0"),
    Case("dense(1,1) x 10001", "1:14: repetition count must be a whole number from 1 to 10000, not 10001"),
    Case("dense(1,1) x 1.5", "1:14: repetition count must be a whole number from 1 to 10000, not 1.5"),
    Case("dense(1,1) x -1", "1:12: expected the end of the statement, found 'x'", hint: "repeat a layer with x and a count: dense(1, 1, sigmoid) x 8"),
    // Types
    Case("1 + \"a\"", "1:5: cannot apply '+' to a string"),
    Case("\"a\" * 2", "1:1: cannot apply '*' to a string"),
    Case("-\"a\"", "1:1: cannot negate a string"),
    Case("true + 1", "1:1: cannot apply '+' to a bool"),
    Case("\"a\"\'", "1:1: cannot transpose a string"),
    Case("3(2)", "1:1: a number cannot be called"),
    Case("v(1)", "1:1: a vector cannot be called"),
    Case("sigmoid(\"s\")", "1:9: sigmoid applies to numbers, vectors and matrices, not a string"),
    Case("sigmoid(net)", "1:9: sigmoid applies to numbers, vectors and matrices, not a network"),
    Case("d(sigmoid)(\"x\")", "1:12: d(sigmoid) applies to numbers, vectors and matrices, not a string"),
    Case("dense(\"a\", 2)", "1:7: the number of inputs must be a number, not a string"),
    Case("dense(2, \"b\")", "1:10: the number of neurons must be a number, not a string"),
    Case("dense(2, 2, \"relu\")", "1:13: dense's 'act' must be an activation, not a string", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    Case("dense(2, 2, 5)", "1:13: dense's 'act' must be an activation, not a number", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    Case("dense(2, 2, init=\"x\")", "1:13: init= must be an initialiser, not a string", hint: "nielsen, gaussian(mean, std), xavier, xavier_normal, he, const(v), orthogonal"),
    Case("dense(2, 2, bias=sigmoid)", "1:13: bias= must be an initialiser, not an activation", hint: "nielsen, gaussian(mean, std), xavier, xavier_normal, he, const(v), orthogonal"),
    Case("dense(2, 2, foo=1)", "1:13: dense has no argument 'foo'", hint: "usage: dense(in, out, act=sigmoid, init=nielsen, bias=...)"),
    Case("dense(2, 2, actt=relu)", "1:13: dense has no argument 'actt'; did you mean 'act'?"),
    Case("mlp(5)", "1:5: mlp needs at least two sizes (inputs and outputs), got 1"),
    Case("mlp([1])", "1:5: mlp needs at least two sizes (inputs and outputs), got 1"),
    Case("mlp([2, 0, 1])", "1:5: layer sizes must be whole numbers from 1 to 100000000, not 0"),
    Case("mlp([2, 1.5])", "1:5: layer sizes must be whole numbers from 1 to 100000000, not 1.5"),
    Case("mlp([2, -3])", "1:5: layer sizes must be whole numbers from 1 to 100000000, not -3"),
    Case("mlp([2, 3], 7)", "1:13: mlp's 'act' must be an activation, not a number", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    Case("dense(0, 1)", "1:7: the number of inputs must be a whole number from 1 to 100000000, not 0"),
    Case("dense(1, 0)", "1:10: the number of neurons must be a whole number from 1 to 100000000, not 0"),
    Case("dense(1.5, 2)", "1:7: the number of inputs must be a whole number from 1 to 100000000, not 1.5"),
    Case("dense(-1, 2)", "1:7: the number of inputs must be a whole number from 1 to 100000000, not -1"),
    Case("dense(1e9, 1)", "1:7: the number of inputs must be a whole number from 1 to 100000000, not 1000000000"),
    Case("dense(1e8, 1e8)", "1:1: this network has 10000000100000000 parameters, which need 80.0 PB of memory", hint: "use fewer or smaller layers", prefix: true),
    Case("dense(100000, 100000) x 100", "1:1: this network has 10000100000 parameters, which need 80.0 GB of memory", hint: "use fewer or smaller layers", prefix: true),
    Case("dense(100000,100000)x100", "1:1: this network has 10000100000 parameters, which need 80.0 GB of memory", hint: "use fewer or smaller layers", prefix: true),
    Case("mlp([100000, 100000, 100000, 100000])", "1:1: this network has 30000300000 parameters, which need 240.0 GB of memory", hint: "use fewer or smaller layers", prefix: true),
    Case("dense(2)", "1:1: dense needs its argument 'out'", hint: "usage: dense(in, out, act=sigmoid, init=nielsen, bias=...)"),
    Case("dense()", "1:1: dense needs its arguments 'in' and 'out'", hint: "usage: dense(in, out, act=sigmoid, init=nielsen, bias=...)"),
    Case("dense(1, 2, 3, 4)", "1:13: dense's 'act' must be an activation, not a number", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    // The shape of a call, checked against the builtin's parameters
    Case("dense(1, 2, sigmoid, xavier, 0, 6, 7)", "1:1: dense takes 2 to 5 arguments, got 7", hint: "usage: dense(in, out, act=sigmoid, init=nielsen, bias=...)"),
    Case("dense(2, 3, in=4)", "1:13: argument 'in' is given twice, by position and by name", hint: "usage: dense(in, out, act=sigmoid, init=nielsen, bias=...)"),
    Case("dense(1, 1, int=xavier)", "1:13: dense has no argument 'int'; did you mean 'init'?"),
    Case("train(net, data, 3)", "1:1: train takes 2 arguments, got 3: the others are named, as epochs=1", hint: "usage: train(net, data, epochs=1, batch=10, lr=0.5, cost=quadratic, method=sgd, lambda=0, clip=none, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8, monitor=true)"),
    Case("grad(f, [1, 2], [3])", "1:1: grad of a function takes 1 or 2 arguments, got 3", hint: "usage: grad(net, x, y, cost=quadratic), grad(net, data, cost=quadratic), grad(f) or grad(f, point)"),
    Case("grad(net, [1, 2], [0], [1])", "1:1: grad takes 1 to 3 arguments, got 4: the others are named, as cost=quadratic", hint: "usage: grad(net, x, y, cost=quadratic), grad(net, data, cost=quadratic), grad(f) or grad(f, point)"),
    Case("grad(f, cost=quadratic)", "1:9: grad of a function has no argument 'cost'", hint: "usage: grad(net, x, y, cost=quadratic), grad(net, data, cost=quadratic), grad(f) or grad(f, point)"),
    Case("zeros(1, 2, 3)", "1:1: zeros takes 1 or 2 arguments, got 3", hint: "usage: zeros(n) or zeros(rows, cols)"),
    Case("zeros(2, \"a\")", "1:10: the number of columns must be a number, not a string"),
    Case("idx(\"a\", \"b\", \"c\", \"d\", \"e\")", "1:1: idx takes 2 or 4 arguments, got 5", hint: "usage: idx(images, labels) or idx(images, labels, test_images, test_labels)"),
    Case("heatmap(m, log=true)", "1:12: heatmap has no argument 'log'", hint: "usage: heatmap(m, title=\"...\", width=80, height=32)"),
    Case("fashion_mnist(1, 2)", "1:1: fashion_mnist takes 0 or 1 argument, got 2", hint: "usage: fashion_mnist(dir=\"/usr/share/datasets/fashion-mnist\")"),
    Case("seed(-1)", "1:6: the seed must be a whole number from 0 to 9223372036854775807, not -1"),
    Case("seed(1.5)", "1:6: the seed must be a whole number from 0 to 9223372036854775807, not 1.5"),
    Case("seed(1e30)", "1:6: the seed must be a whole number from 0 to 9223372036854775807, not 1e+30"),
    Case("seed(9223372036854775807)", "1:6: the seed must be a whole number from 0 to 9223372036854775807, not 9.223372036854776e+18"),
    Case("seed(\"a\")", "1:6: the seed must be a number, not a string"),
    // Shapes
    Case("[1, 2] + [1, 2, 3]", "1:1: cannot apply '+' to vectors of lengths 2 and 3"),
    Case("[[1, 2], [3]]", "1:10: matrix rows must have the same length: row 1 has 2, row 2 has 1"),
    Case("[[1, 2], 3]", "1:10: cannot mix numbers and vectors in one matrix", hint: "a matrix is a list of rows: [[1, 2], [3, 4]]"),
    Case("m @ [[1, 2, 3]]", "1:1: cannot multiply a 2×2 matrix by a 1×3 matrix: the inner sizes differ"),
    Case("[1, 2] @ [1, 2, 3]", "1:1: cannot multiply a vector of length 2 by a vector of length 3: the inner sizes differ"),
    Case("m + [[1, 2, 3]]", "1:1: cannot apply '+' to a 2×2 and a 1×3 matrix"),
    Case("m * v", "1:1: cannot apply '*' to a matrix(2×2) and a vector(3)", hint: "'@' multiplies a matrix and a vector"),
    Case("dense(2, 3) -> dense(4, 1)", "1:1: layer 2 takes 4 inputs but layer 1 gives 3"),
    Case("net -> 3", "1:8: '->' composes layers and networks, not a number"),
    Case("net([1, 2, 3])", "1:5: the network takes 2 inputs but x has 3"),
    Case("net([[1, 2, 3]])", "1:5: the network takes 2 inputs but the rows of x have 3 (one example per row)"),
    Case("net(\"x\")", "1:5: x must be a vector or a matrix, not a string"),
    Case("net(1, 2)", "1:1: net takes 1 argument, got 2"),
    Case("net(x=1)", "1:5: net takes no named argument 'x'"),
    Case("grad(net, [1, 2], [0, 1])", "1:19: the network takes 1 input but y has 2"),
    Case("grad(net, [1, 2, 3], [0])", "1:11: the network takes 2 inputs but x has 3"),
    Case("grad(net, [1, 2])", "1:11: grad's 'data' must be a dataset, not a vector", hint: "for one example: grad(net, x, y)"),
    Case("grad(3)", "1:6: grad needs a network or a function, not a number", hint: "usage: grad(net, x, y, cost=quadratic), grad(net, data, cost=quadratic), grad(f) or grad(f, point)"),
    Case("norms(3)", "1:7: norms needs a gradient, not a number", hint: "g = grad(net, x, y); norms(g)"),
    Case("explain(g, 0)", "1:12: the layer must be a whole number from 1 to 2, not 0"),
    Case("explain(g, 3)", "1:12: the layer must be a whole number from 1 to 2, not 3"),
    Case("explain(g, 1.5)", "1:12: the layer must be a whole number from 1 to 2, not 1.5"),
    Case("explain(g)", "1:1: explain needs its argument 'l'", hint: "usage: explain(g, l, example=1)"),
    Case("gradcheck(net)", "1:1: gradcheck needs its arguments 'x' and 'y'", hint: "usage: gradcheck(net, x, y, cost=quadratic, eps=1e-5)"),
    // Indices, fields and names
    Case("v[0]", "1:3: index 0 is out of range for a vector of length 3: valid indices are 1 to 3", hint: "indices start at 1"),
    Case("v[4]", "1:3: index 4 is out of range for a vector of length 3: valid indices are 1 to 3"),
    Case("v[1.5]", "1:3: an index must be a whole number, not 1.5"),
    Case("v[-1]", "1:3: index -1 is out of range for a vector of length 3: valid indices are 1 to 3"),
    Case("v[\"a\"]", "1:3: an index must be a whole number, not a string"),
    Case("v[2:1]", "1:3: the range 2:1 is empty"),
    Case("v[0:2]", "1:3: index 0 is out of range for a vector of length 3: valid indices are 1 to 3", hint: "indices start at 1"),
    Case("m[3]", "1:3: index 3 is out of range for a matrix of 2 rows: valid indices are 1 to 2"),
    Case("m[1, 3]", "1:4: expected ']' to close '[' opened at 1:2, found ','"),
    Case("net.w[0]", "1:7: index 0 is out of range for a list of 2 layers: valid indices are 1 to 2", hint: "indices start at 1"),
    Case("net.w[3]", "1:7: index 3 is out of range for a list of 2 layers: valid indices are 1 to 2"),
    Case("net.b[5]", "1:7: index 5 is out of range for a list of 2 layers: valid indices are 1 to 2"),
    Case("g.delta[0]", "1:9: index 0 is out of range for a list of 2 layers: valid indices are 1 to 2", hint: "indices start at 1"),
    Case("g.a[-1]", "1:5: index -1 is out of range for a list of 3 layers: valid indices are 0 to 2"),
    Case("g.a[3]", "1:5: index 3 is out of range for a list of 3 layers: valid indices are 0 to 2"),
    Case("net.foo", "1:1: a network has no field 'foo'", hint: "its fields: w, b, layers, depth, sizes, activations, kinds, skips, parameters"),
    Case("net.wieghts", "1:1: a network has no field 'wieghts'", hint: "its fields: w, b, layers, depth, sizes, activations, kinds, skips, parameters"),
    Case("v.w", "1:1: a vector has no field 'w'", hint: "its fields: shape"),
    Case("keep.x", "1:1: a number has no fields"),
    Case("m\'[5]", "1:4: index 5 is out of range for a matrix of 2 rows: valid indices are 1 to 2"),
    Case("undefined_name", "1:1: unknown name 'undefined_name'", hint: ":vars lists your variables, :help the builtins"),
    Case("sigmod", "1:1: unknown name 'sigmod'; did you mean 'sigmoid'?"),
    Case("keep = undefined_name + 1", "1:8: unknown name 'undefined_name'", hint: ":vars lists your variables, :help the builtins"),
    Case("keep.x = 3", "1:1: a number has no fields"),
    Case("net.w[1] = [[1, 2]]", "1:1: w[1] must be a 3×2 matrix (layer 1 has 3 neurons and 2 inputs), not a matrix(1×2)"),
    Case("net.w[1] = \"a\"", "1:1: w[1] must be a 3×2 matrix (layer 1 has 3 neurons and 2 inputs), not a string"),
    Case("net.b[1] = [1, 2]", "1:1: b[1] must be a vector of length 3 (layer 1 has 3 neurons), not a vector(2)"),
    Case("net.w[7] = [[1]]", "1:7: index 7 is out of range for a list of 2 layers: valid indices are 1 to 2"),
    Case("v[7] = 1", "1:3: index 7 is out of range for a vector of length 3: valid indices are 1 to 3"),
    // User functions
    Case("sq(1, 2)", "1:1: sq takes 1 argument (x), got 2"),
    Case("sq()", "1:1: sq takes 1 argument (x), got 0"),
    Case("sq(y=1)", "1:4: sq has no parameter 'y'"),
    Case("sq(x=1, x=2)", "1:9: argument 'x' is given twice"),
    Case("loop(1)", "1:1: in loop: functions call each other more than 200 levels deep", hint: "a function that calls itself never stops; loop is loop(n) = loop(n + 1)"),
    // Sizes and counts
    Case("zeros(-1)", "1:7: the size must be a whole number from 0 to 100000000, not -1"),
    Case("zeros(1e9)", "1:7: the size must be a whole number from 0 to 100000000, not 1000000000"),
    Case("zeros(100000, 100000)", "1:1: a 100000×100000 matrix is too large"),
    Case("zeros(1.5)", "1:7: the size must be a whole number from 0 to 100000000, not 1.5"),
    Case("ones(2, -1)", "1:9: the number of columns must be a whole number from 0 to 100000000, not -1"),
    Case("eye(0)", "1:5: the size must be a whole number from 1 to 10000, not 0"),
    Case("eye(100001)", "1:5: the size must be a whole number from 1 to 10000, not 100001"),
    Case("sum(\"a\")", "1:5: sum needs numbers, not a string"),
    Case("mean([])", "1:6: the mean of nothing is undefined"),
    Case("max([])", "1:5: max of nothing"),
    Case("min(net)", "1:5: min needs numbers, not a network"),
    Case("norm(\"a\")", "1:6: norm needs a vector or matrix, not a string"),
    Case("shape(net)", "1:7: a network has no field 'shape'", hint: "its fields: w, b, layers, depth, sizes, activations, kinds, skips, parameters"),
    // Theory tools: svd, eig, cond on matrices only; jacobian and spectrum at one example.
    Case("svd(v)", "1:5: svd needs a matrix, not a vector", hint: "a matrix is a list of rows: [[1, 2, 3]] is 1×3, [[1], [2], [3]] is 3×1"),
    Case("svd(1)", "1:5: svd needs a matrix, not a number", hint: "a matrix is a list of rows: [[1, 2, 3]] is 1×3, [[1], [2], [3]] is 3×1"),
    Case("svd(net)", "1:5: svd needs a matrix, not a network"),
    Case("svd(zeros(3, 0))", "1:5: svd needs a matrix with elements, not an empty 3×0 one"),
    Case("cond(m, m)", "1:1: cond takes 1 argument, got 2", hint: "usage: cond(m)"),
    Case("cond(zeros(0, 2))", "1:6: cond needs a matrix with elements, not an empty 0×2 one"),
    Case("cond([[1, 0], [0, 0]])", "1:1: the result of cond is Inf", hint: "the matrix is singular: its smallest singular value is 0 (1 of its 2 are not)"),
    Case("cond(zeros(3, 2))", "1:1: the result of cond is NaN", hint: "every singular value of a zero matrix is 0, and 0/0 is undefined"),
    Case("eig(m)", "1:5: eig needs a symmetric matrix, and this one is not: m[1, 2] = 2 but m[2, 1] = 3, the largest asymmetry (1)", hint: "svd(m) gives the singular values of any matrix; eig((m + m')/2) the eigenvalues of its symmetric part"),
    Case("eig([[1, 2, 3], [2, 1, 0], [3.5, 0, 1]])", "1:5: eig needs a symmetric matrix, and this one is not: m[1, 3] = 3 but m[3, 1] = 3.5, the largest asymmetry (0.5)", hint: "svd(m) gives the singular values of any matrix; eig((m + m')/2) the eigenvalues of its symmetric part"),
    Case("eig([[1, 2, 3]])", "1:5: eig needs a square matrix, not a 1×3 one", hint: "svd(m) gives the singular values of any matrix"),
    Case("eig(zeros(0, 0))", "1:5: eig needs a matrix with elements, not an empty 0×0 one"),
    Case("eig(\"m\")", "1:5: eig needs a matrix, not a string"),
    Case("svd([[1e308, 1e308], [1e308, 1e308]])", "1:1: element 1 of the result of svd is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("jacobian(net, [1, 2], from=2)", "1:23: from must be a whole number from 0 to 1, not 2", hint: "from=l differentiates with respect to a[l], layer l's output: 0 is the input x, 1 the last layer's input"),
    Case("jacobian(net, [1, 2], from=-1)", "1:23: from must be a whole number from 0 to 1, not -1", hint: "from=l differentiates with respect to a[l], layer l's output: 0 is the input x, 1 the last layer's input"),
    Case("jacobian(net, [1, 2], from=0.5)", "1:23: from must be a whole number from 0 to 1, not 0.5", hint: "from=l differentiates with respect to a[l], layer l's output: 0 is the input x, 1 the last layer's input"),
    Case("jacobian(net, [1, 2], from=\"a\")", "1:23: from must be a number, not a string"),
    Case("jacobian(net, [1, 2], frm=1)", "1:23: jacobian has no argument 'frm'; did you mean 'from'?"),
    Case("jacobian(net, v)", "1:15: the network takes 2 inputs but x has 3"),
    Case("jacobian(net, m)", "1:15: jacobian is taken at one example: x must be a vector of 2, not a matrix of 2 examples"),
    Case("jacobian(m, [1, 2])", "1:10: jacobian needs a network, not a matrix"),
    Case("jacobian(net)", "1:1: jacobian needs its argument 'x'", hint: "usage: jacobian(net, x, from=0)"),
    Case("jacobian(dense(1, 1, linear, init=const(1e200), bias=const(0)) x 2, [1e-300])", "1:1: element [1, 1] of d a[2] / d a[0] is Inf", hint: "the derivatives overflow: numbers beyond about 1.8e308 are Inf"),
    Case("jacobian(dense(2, 2, sigmoid, init=const(1e308)), [1, 1])", "1:1: the forward pass holds Inf in z[1], unit 1", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("spectrum(net, [1, 2], from=1)", "1:23: spectrum has no argument 'from'", hint: "usage: spectrum(net, x)"),
    Case("spectrum(g, [1, 2])", "1:10: spectrum needs a network, not a gradient"),
    Case("spectrum(net, \"x\")", "1:15: x must be a vector or a matrix, not a string"),
    Case("spectrum(net, [[1, 2]]).max", "1:15: spectrum is taken at one example: x must be a vector of 2, not a matrix of 1 example"),
    // Numerics: NaN and Inf never pass silently
    Case("1 / 0", "1:1: the result of '/' is Inf", hint: "division by zero"),
    Case("0 / 0", "1:1: the result of '/' is NaN", hint: "division by zero"),
    Case("-1 / 0", "1:1: the result of '/' is -Inf", hint: "division by zero"),
    Case("[1, 2] / [0, 1]", "1:1: element 1 of the result of '/' is Inf", hint: "division by zero"),
    Case("m / 0", "1:1: element [1, 1] of the result of '/' is Inf", hint: "division by zero"),
    Case("1e308 * 10", "1:1: the result of '*' is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("[1e308] * 10", "1:1: element 1 of the result of '*' is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("1e308 + 1e308", "1:1: the result of '+' is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("2 ^ 10000", "1:1: the result of '^' is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("(-8) ^ (1/3)", "1:1: the result of '^' is NaN", hint: "a negative number to a fractional power is not a real number"),
    Case("0 ^ -1", "1:1: the result of '^' is Inf", hint: "division by zero"),
    Case("sum([1e308, 1e308])", "1:1: the result of sum is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("mean([1e308, 1e308])", "1:1: the result of mean is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("log(0)", "1:1: the result of log is -Inf", hint: "the logarithm of 0 is -Inf"),
    Case("log([1, -1])", "1:1: element 2 of the result of log is NaN", hint: "the logarithm of a negative number is not a real number"),
    Case("sqrt(-1)", "1:1: the result of sqrt is NaN", hint: "the square root of a negative number is not a real number"),
    // The gradient of a function: the cause is the operation that made the NaN or Inf.
    Case("sq(x) = sqrt(x); grad(sq)(0)", "1:18: the gradient of sq, 0.5/sqrt(x), is Inf at x = 0", hint: "division by zero: sqrt(x) is 0"),
    Case("sq(x) = sqrt(x); grad(sq, [0])", "1:18: the gradient of sq, 0.5/sqrt(x), is Inf at x = 0", hint: "division by zero: sqrt(x) is 0"),
    Case("sq(x) = sqrt(x); grad(sq)(-4)", "1:18: the gradient of sq, 0.5/sqrt(x), is NaN at x = -4", hint: "the square root of a negative number is not a real number: x is -4"),
    Case("rt(x) = x^0.5; grad(rt)(0)", "1:16: the gradient of rt, 0.5/x^0.5, is Inf at x = 0", hint: "division by zero: x^0.5 is 0"),
    Case("lg(x, y) = log(x) + y^2; grad(lg)(0, 1)", "1:26: element 1 of the gradient of lg, 1/x, is Inf at x = 0, y = 1", hint: "division by zero: x is 0"),
    Case("ex(x) = exp(x^2); grad(ex)(30)", "1:19: the gradient of ex, 2*x*exp(x^2), is Inf at x = 30", hint: "numbers beyond about 1.8e308 overflow to Inf (in exp(x^2))"),
    Case("sq(x) = sqrt(x); descend(sq, from=0)", "1:18: the gradient is Inf at the starting point", hint: "division by zero: sqrt(x) is 0"),
    Case("lg(x, y) = log(x) + y^2; descend(lg, [0, 1])", "1:26: f is -Inf at the starting point", hint: "the logarithm of 0 is -Inf: x is 0"),
    // Number literals
    Case("d(softplus)(1e400)", "1:13: number '1e400' is too large for a Double", hint: "the largest Double is about 1.8e308"),
    // Files
    Case("load(\"missing.json\")", "1:6: cannot read $DIR/missing.json: no such file"),
    Case("load(\"adir\")", "1:6: cannot read $DIR/adir: it is a directory"),
    Case("load(\"trunc.json\")", "1:6: trunc.json is not valid JSON: it ends with 5 brackets still open: the file is cut short"),
    Case("load(\"garbage.json\")", "1:6: garbage.json is not valid JSON: it starts with 'n', not with '{'"),
    Case("load(\"wrongfmt.json\")", "1:6: wrongfmt.json has format \"other/2\"; load reads \"vanish.network/1\" and \"vanish.network/2\""),
    Case("load(\"nofmt.json\")", "1:6: nofmt.json has no \"format\" field", hint: "a network file starts {\"format\": \"vanish.network/1\", ..."),
    Case("load(\"badshape.json\")", "1:6: badshape.json: layer 1 says 2→1 but its w is not 1×2"),
    Case("load(\"badact.json\")", "1:6: badact.json: layer 1 has unknown activation \"sigmod\"", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    Case("load(\"badtype.json\")", "1:6: badtype.json: layers[1].w[1][1] has the wrong type (Expected to decode Double but found a string instead.)"),
    Case("load(\"empty.json\")", "1:6: empty.json is not valid JSON: the file is empty"),
    Case("load(3)", "1:6: the file name must be a string, not a number", hint: "write file names in quotes: \"net.json\""),
    Case("load()", "1:1: load needs its argument 'file'", hint: "usage: load(file)"),
    Case("save(net)", "1:1: save needs its argument 'file'", hint: "usage: save(value, file)"),
    Case("save(net, 3)", "1:11: the file name must be a string, not a number", hint: "write file names in quotes: \"net.json\""),
    Case("save(3, \"x.json\")", "1:6: save cannot write a number", hint: "save writes networks as JSON or .safetensors, gradients as JSON, datasets as CSV, plots as SVG, vectors, matrices, paths and norms tables as .csv or .json, and traces as .json"),
    Case("save(v, \"v.txt\")", "1:9: save writes a vector as .csv or .json, not .txt", hint: "save(v, \"v.csv\") writes one number a line"),
    Case("save(m, \"m\")", "1:9: save writes a matrix as .csv or .json: end the file name with .csv or .json", hint: "save(m, \"m.csv\") writes one row a line"),
    Case("save(norms(g), \"n.svg\")", "1:16: save writes a norms table as .csv or .json, not .svg", hint: "save(norms(g), \"norms.csv\") writes a row per layer"),
    Case("save(trace(net, [1, 2]), \"t.csv\")", "1:26: a trace is saved as .json, not .csv: it holds a z and an a for every layer", hint: "save(t, \"t.json\") writes every layer; save(t.a[2], \"a2.csv\") writes one layer's a as CSV"),
    Case("save(descend(f, from=[1, 2], steps=2), \"p.txt\")", "1:40: save writes a path as .csv or .json, not .txt", hint: "save(p, \"p.csv\") writes a row per point: step, w1, w2, f"),
    Case("save(v, \"nodir/v.csv\")", "1:9: cannot write $DIR/nodir/v.csv: the directory $DIR/nodir does not exist"),
    Case("save(net, \"adir\")", "1:11: cannot write $DIR/adir: it is a directory"),
    Case("save(net, \"nodir/x.json\")", "1:11: cannot write $DIR/nodir/x.json: the directory $DIR/nodir does not exist"),
    Case("save(net, \"good.json/x.json\")", "1:11: cannot write $DIR/good.json/x.json: $DIR/good.json is a file, not a directory"),
    Case("save(net, \"\")", "1:11: cannot write a file with an empty name"),
    Case("csv(\"missing.csv\")", "1:5: cannot read $DIR/missing.csv: no such file"),
    Case("csv(\"badcell.csv\")", "1:5: $DIR/badcell.csv, line 3, column 'b' holds 'x', not a finite number"),
    Case("csv(\"empty.csv\")", "1:5: $DIR/empty.csv has no rows of numbers"),
    Case("csv(\"adir\")", "1:5: cannot read $DIR/adir: it is a directory"),
    Case("csv(\"badcell.csv\", target=\"zz\")", "1:20: $DIR/badcell.csv has no column 'zz'; its columns: a, b"),
    Case("csv(\"badcell.csv\", target=9)", "1:20: $DIR/badcell.csv has 2 columns: there is no column 9"),
    Case("idx(\"bad.idx\", \"labels.idx\")", "1:5: $DIR/bad.idx is not a valid IDX file: the magic number is 0x67617262, not 0x000008DD (unsigned bytes, DD dimensions)"),
    Case("idx(\"trunc-images.idx\", \"labels.idx\")", "1:5: $DIR/trunc-images.idx is not a valid IDX file: truncated: its header says 5×28×28 = 3920 bytes of data but only 2 follow"),
    Case("idx(\"trunc.gz\", \"labels.idx\")", "1:5: cannot read $DIR/trunc.gz: the gzip data is truncated: the file ends before the end of the compressed stream"),
    Case("idx(\"missing.idx\", \"labels.idx\")", "1:5: cannot read $DIR/missing.idx: no such file"),
    Case("idx(\"labels.idx\")", "1:1: idx needs its argument 'labels'", hint: "usage: idx(images, labels) or idx(images, labels, test_images, test_labels)"),
    Case("fashion_mnist(dir=\"adir\")", "1:1: Fashion-MNIST is not installed: $DIR/adir/train-images-idx3-ubyte.gz is missing", hint: "install it with: sudo apt-get install dataset-fashion-mnist"),
    Case("fashion_mnist(dir=3)", "1:15: the directory must be a string, not a number", hint: "write file names in quotes: \"net.json\""),
    Case("csv(\"good.json\")", "1:5: $DIR/good.json is not valid CSV: a closing quote is followed by ':' (quotes must enclose a whole cell)"),
    Case("idx(\"labels.idx\", \"labels.idx\")", "1:5: $DIR/labels.idx holds 1 dimension: it looks like a labels file, not images (count × rows × cols)"),
    Case("train(net, dataset(zeros(0, 2), zeros(0, 1)))", "1:1: the dataset is empty"),
    Case("grad(net, dataset(zeros(0, 2), zeros(0, 1)))", "1:1: the batch is empty"),
    Case("x = [1, 2]; x[1:2] = [3]", "1:15: assign to one element at a time, not to a range"),
    Case("\"\\q\"", "1:2: unknown escape '\\q' in string", hint: "write '\\\\' for a backslash"),
    Case("net[0]", "1:5: index 0 is out of range for a network of 2 layers: valid indices are 1 to 2", hint: "indices start at 1"),
    Case("net[1:5]", "1:5: index 5 is out of range for a network of 2 layers: valid indices are 1 to 2"),
    Case("explain(g, 1, example=2)", "1:15: example must be a whole number from 1 to 1, not 2"),
    Case("heatmap(zeros(0, 3))", "1:9: there is nothing to draw in an empty matrix"),
    Case("max(zeros(0, 4))", "1:5: max of nothing"),
    // Data, training, optimisation
    Case("spiral(0, 2)", "1:8: the number of points per arm must be a whole number from 1 to 1000000, not 0"),
    Case("spiral(10, 1)", "1:12: the number of classes must be a whole number from 2 to 100, not 1"),
    Case("spiral(1000000, 100)", "1:1: spiral(1000000, 100) would make 100000000 examples; the most is 10000000", hint: "use fewer points per arm or fewer classes"),
    Case("spiral(1.5, 2)", "1:8: the number of points per arm must be a whole number from 1 to 1000000, not 1.5"),
    Case("circles(1)", "1:9: the number of points must be a whole number from 2 to 10000000, not 1"),
    Case("circles(10, noise=-1)", "1:1: the noise cannot be negative"),
    Case("circles(10, noise=\"a\")", "1:13: the noise must be a number, not a string"),
    Case("take(data, 0)", "1:12: the number of examples must be a whole number from 1 to 2147483647, not 0"),
    Case("take(data, 1.5)", "1:12: the number of examples must be a whole number from 1 to 2147483647, not 1.5"),
    Case("take(data, -1)", "1:12: the number of examples must be a whole number from 1 to 2147483647, not -1"),
    Case("take(3, 2)", "1:6: take needs a dataset, not a number", hint: "fashion_mnist(), idx(...), csv(...), xor(), spiral(n, classes), circles(n) or dataset(X, Y)"),
    Case("take(data, 1e30)", "1:12: the number of examples must be a whole number from 1 to 2147483647, not 1e+30"),
    Case("dataset([[1, 2]], [[1], [2]])", "1:1: X has 1 rows (examples) but Y has 2"),
    Case("dataset(v, 3)", "1:12: Y must be a matrix with one example per row, not a number"),
    Case("train(net, data, epochs=-1)", "1:18: epochs must be a whole number from 0 to 1000000, not -1"),
    Case("train(net, data, epochs=1.5)", "1:18: epochs must be a whole number from 0 to 1000000, not 1.5"),
    Case("train(net, data, epochs=1e7)", "1:18: epochs must be a whole number from 0 to 1000000, not 10000000"),
    Case("train(net, data, batch=0)", "1:18: the batch size must be a whole number from 1 to 2147483647, not 0"),
    Case("train(net, data, lr=\"a\")", "1:18: the learning rate must be a number, not a string"),
    Case("train(net, data, lr=-1)", "1:18: the learning rate must be a finite number ≥ 0"),
    Case("train(net, 3)", "1:12: train's 'data' must be a dataset, not a number", hint: "fashion_mnist(), idx(...), csv(...), xor(), spiral(n, classes), circles(n) or dataset(X, Y)"),
    Case("train(3, data)", "1:7: train needs a network, not a number"),
    Case("train(dense(3, 1), data)", "1:20: the network maps 3 inputs to 1 outputs but the data maps 2 to 1"),
    Case("train(net, data, method=3)", "1:18: method must be one of sgd, momentum, adagrad, rmsprop, adam, not a number"),
    Case("train(net, data, beta=0.9)", "1:18: beta= does not apply to sgd; it belongs to momentum and rmsprop"),
    Case("train(net, data, cost=sigmoid)", "1:18: cost must be quadratic or cross_entropy, not an activation"),
    Case("train(net, data, lambda=-1)", "1:18: lambda must be a finite number ≥ 0"),
    Case("train(net, data, epochz=2)", "1:18: train has no argument 'epochz'; did you mean 'epochs'?"),
    Case("accuracy(net, 3)", "1:15: accuracy's 'data' must be a dataset, not a number", hint: "fashion_mnist(), idx(...), csv(...), xor(), spiral(n, classes), circles(n) or dataset(X, Y)"),
    Case("speeds(net, data, cost=3)", "1:19: cost must be quadratic or cross_entropy, not a number"),
    Case("descend(f, from=[1, 2], steps=0)", "1:25: steps must be a whole number from 1 to 1000000000, not 0"),
    Case("descend(f, from=[1, 2], steps=1e10)", "1:25: steps must be a whole number from 1 to 1000000000, not 10000000000"),
    Case("descend(f, from=[1, 2], steps=1.5)", "1:25: steps must be a whole number from 1 to 1000000000, not 1.5"),
    Case("descend(f, from=[1])", "1:12: f has 2 parameters (w1, w2) but the point has 1 values", hint: "usage: descend(f, from=[w1, w2])"),
    Case("descend(f, from=\"a\")", "1:12: f takes 2 arguments (w1, w2), got 1"),
    Case("descend(f)", "1:1: descend needs its argument 'from'", hint: "usage: descend(f, from, lr=0.1, steps=1000, until=..., method=sgd, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8)"),
    Case("descend(3, from=[1, 2])", "1:9: descend needs a function, not a number", hint: "define one first: f(w1, w2) = 0.001*w1^2 + w2^2"),
    Case("descend(f, from=[1, 2], lr=-1)", "1:25: lr must be a positive number, not -1"),
    Case("descend(f, from=[1, 2], method=sgd, beta=0.9)", "1:37: beta= does not apply to sgd; it belongs to momentum and rmsprop"),
    Case("descend(f, from=[1, 2], until=-1)", "1:25: until must be a positive number, not -1"),
    Case("descend(f, from=[1e300, 1e300])", "1:1: f is Inf at the starting point", hint: "numbers beyond about 1.8e308 overflow to Inf (in w1^2)"),
    Case("grad(f)(1)", "1:1: f takes 2 arguments (w1, w2), got 1"),
    Case("grad(f)(1, 2, 3)", "1:1: f takes 2 arguments (w1, w2), got 3"),
    Case("grad(f, [1])", "1:9: f has 2 parameters (w1, w2) but the point has 1 values", hint: "usage: grad(f, [w1, w2])"),
    // Plots
    Case("plot(3)", "1:6: plot cannot draw a number", hint: "plot draws vectors, matrices, lists of vectors, norms(g), gradients, training histories and paths"),
    Case("plot(\"a\")", "1:6: plot cannot draw a string", hint: "plot draws vectors, matrices, lists of vectors, norms(g), gradients, training histories and paths"),
    Case("plot(v, width=5)", "1:9: width= must be a whole number from 30 to 1000, not 5"),
    Case("plot(v, width=1e9)", "1:9: width= must be a whole number from 30 to 1000, not 1000000000"),
    Case("plot(v, height=0)", "1:9: height= must be a whole number from 4 to 500, not 0"),
    Case("plot(v, height=1.5)", "1:9: height= must be a whole number from 4 to 500, not 1.5"),
    Case("plot(v, log=3)", "1:9: log= must be true or false, not a number"),
    Case("plot(v, title=3)", "1:9: title= must be a string, not a number"),
    Case("heatmap(m, width=10)", "1:12: width= must be a whole number from 30 to 1000, not 10"),
    Case("heatmap(m, height=100000)", "1:12: height= must be a whole number from 4 to 500, not 100000"),
    Case("contour(f, levels=0)", "1:12: levels= must be a whole number from 1 to 100, not 0"),
    Case("contour(f, levels=1e9)", "1:12: levels= must be a whole number from 1 to 100, not 1000000000"),
    Case("contour(f, w1=[1])", "1:12: w1= must be a range [from, to] with from < to", hint: "w1=[-2, 2]"),
    Case("contour(f, w1=[2, 1])", "1:12: w1= must be a range [from, to] with from < to", hint: "w1=[-2, 2]"),
    Case("contour(f, w1=\"a\")", "1:12: w1= must be a vector, not a string"),
    Case("contour(sq)", "1:9: contour needs a function of two parameters; sq has 1", hint: "define one first: f(w1, w2) = 0.001*w1^2 + w2^2"),
    Case("contour(3)", "1:9: contour needs a function of two parameters, not a number", hint: "define one first: f(w1, w2) = 0.001*w1^2 + w2^2"),
    // Commands
    Case(":unknown", "1:1: unknown command ':unknown'", hint: ":help lists the commands"),
    Case(":load", "1:1: ':load' needs a file name", hint: ":load samples/tour.nn"),
    Case(":load missing.nn", "cannot read $DIR/missing.nn: no such file"),
    Case(":time maybe", "1:1: ':time' takes on or off"),
    Case("gaussian(0, -1)", "1:13: the standard deviation cannot be negative"),
    Case("gaussian(\"a\", 1)", "1:10: the mean must be a number, not a string"),
    Case("const(\"a\")", "1:7: the value must be a number, not a string"),
    Case("copy(3)", "1:6: copy needs a network, not a number"),
    Case("forward(net, \"x\")", "1:14: x must be a vector or a matrix, not a string"),
    Case("trace(net, 3)", "1:12: the network takes 2 inputs but x is a number"),
    Case("d(3)", "1:3: d needs an activation, not a number", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    Case("gamma(3)", "1:7: gamma needs an activation, not a number", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    Case("gamma(net)", "1:7: gamma needs an activation, not a network", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    // Training that diverges stops with the epoch and batch
    Case("train(mlp([2, 1], linear, init=const(1e200)), data)", "1:1: training cannot start: the cost of the network as it is is Inf", hint: "its weights or biases are too large; make a new network or scale them down"),
    Case("train(load(\"nanweights.json\"), dataset([[1]], [[0]]))", "1:1: training cannot start: the cost of the network as it is is NaN", hint: "the network already holds NaN or Inf in its weights or biases"),
    // One input and one neuron: z = w x + b never adds infinities of opposite signs, so the cost
    // is Inf (not NaN) whichever order the machine's BLAS kernel sums in.
    Case("train(dense(1, 1, linear), line, lr=1e200, epochs=3)", "1:1: training diverged: the cost became Inf in epoch 1, batch 1 of 1; the network keeps its weights from that moment", hint: "lower the learning rate (lr=1e+199, say)"),
    Case("train(dense(1, 1, linear), line, lr=1e200, epochs=3, batch=1)", "1:1: training diverged: the cost became Inf in epoch 1, batch 2 of 4; the network keeps its weights from that moment", hint: "lower the learning rate (lr=1e+199, say)"),
    Case("save(net, \"/proc/vanish.json\")", "1:11: cannot write /proc/vanish.json: no such file or directory"),
    Case(":load adir", "cannot read $DIR/adir: it is a directory"),
    Case(":load trunc.json", "$DIR/trunc.json:1:1: unexpected character '{'", hint: "vectors and matrices are written with square brackets: [1, 2]"),
    Case("net.w[1] = [[0/0, 1], [1, 1], [1, 1]]", "1:14: the result of '/' is NaN", hint: "division by zero"),
    Case("plot([1, 2], width=1e300)", "1:14: width= must be a whole number from 30 to 1000, not 1e+300"),
    Case("v[1e300]", "1:3: an index must be a whole number, not 1e+300"),
    Case("v[1:1e300]", "1:5: an index must be a whole number, not 1e+300"),
    Case("zeros(1e300)", "1:7: the size must be a whole number from 0 to 100000000, not 1e+300"),
    Case("dense(1e300, 1)", "1:7: the number of inputs must be a whole number from 1 to 100000000, not 1e+300"),
    Case("mlp([2, 1e300])", "1:5: layer sizes must be whole numbers from 1 to 100000000, not 1e+300"),
    Case("seed(0/0)", "1:6: the result of '/' is NaN", hint: "division by zero"),
    // Numerics: NaN and Inf never pass silently
    Case("-1e308 - 1e308", "1:1: the result of '-' is -Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("[[1e308, 1]] @ [[10], [1]]", "1:1: element [1, 1] of the result of '@' is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("linear(1e308) * 10", "1:1: the result of '*' is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("(dense(1, 1, linear, init=const(1e300)) x 2)([1e10])", "1:1: the forward pass holds Inf in z[1], unit 1", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("keep = 1/0", "1:8: the result of '/' is Inf", hint: "division by zero"),
    Case("x = [1e308, 1]; x * 10", "1:17: element 1 of the result of '*' is Inf", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case(String(repeating: "(", count: 201) + "1" + String(repeating: ")", count: 201), "1:201: expression nested more than 200 levels deep", hint: "split it into several statements"),
    Case(String(repeating: "[", count: 201) + "1" + String(repeating: "]", count: 201), "1:201: expression nested more than 200 levels deep", hint: "split it into several statements"),
    Case(String(repeating: "sigmoid(", count: 201) + "1" + String(repeating: ")", count: 201), "1:1608: expression nested more than 200 levels deep", hint: "split it into several statements"),
    Case("1" + String(repeating: "+1", count: 2001), "1:1: expression is more than 2000 operations deep", hint: "split it into several statements"),
    Case(String(repeating: "-", count: 201) + "1", "1:201: expression nested more than 200 levels deep", hint: "split it into several statements"),
    Case("deep(n) = deep(n) + " + Array(repeating: "n", count: 1990).joined(separator: "+") + "; deep(1)", "1:11: evaluation is more than 10000 operations deep", hint: "a function that calls itself never stops"),
    Case("bad(1)", "1:1: in bad: cannot apply '+' to a string", hint: "bad is bad(x) = x + \"a\""),
    Case("load(\"nanweights.json\")([1])", "1:1: the forward pass holds NaN in z[1], unit 1", hint: "the network already holds NaN or Inf in its weights or biases"),
    Case("net.w[1][5]", "1:10: index 5 is out of range for a matrix of 3 rows: valid indices are 1 to 3"),
    Case("g.foo", "1:1: a gradient has no field 'foo'", hint: "its fields: delta, dw, db, z, a, cost, C, examples, bound, bound_tight, norms"),
    Case("data.test", "1:1: this dataset has no test part", hint: "fashion_mnist() and idx() with four files have one; take(data, n) keeps it"),
    Case("take(data.test, 1)", "1:6: this dataset has no test part", hint: "fashion_mnist() and idx() with four files have one; take(data, n) keeps it"),
    Case("explain(grad(net, data), 1)", "1:1: explain needs one example: the mean of delta[1] over 4 examples is not a product of factors", hint: "explain(g, 1, example=1) explains the first example of the batch"),
    Case("gradcheck(net, [1], [0])", "1:16: the network takes 2 inputs but x has 1"),
    Case("gradcheck(dense(1, 1), [1], [0], eps=0)", "1:34: eps must be a step between 0 and 1, not 0", hint: "eps=1e-5 is the default"),
    Case("gradcheck(dense(1, 1), [1], [0], eps=-1e-3)", "1:34: eps must be a step between 0 and 1, not -0.001", hint: "eps=1e-5 is the default"),
    Case("accuracy(dense(3, 1), data)", "1:23: the network maps 3 inputs to 1 outputs but the data maps 2 to 1"),
    Case("speeds(dense(3, 1), data)", "1:21: the network maps 3 inputs to 1 outputs but the data maps 2 to 1"),
    Case("csv(\"badcell.csv\", onehot=3)", "1:20: onehot= must be true or false, not a number"),
    Case("plot([])", "1:6: there is nothing to plot in an empty vector"),
    Case("1 @ 2", "1:1: '@' is the matrix product; multiply by a number with '*'"),
    Case("net @ net", "1:1: cannot apply '@' to a network"),
    Case("\"a\" + \"b\"", "1:1: cannot apply '+' to a string"),
    Case("eye(2) @ [1, 2, 3]", "1:1: cannot multiply a 2×2 matrix by a vector of length 3: the inner sizes differ"),
    Case("dense(2, 2) x 3 -> dense(3, 1)", "1:1: layer 4 takes 3 inputs but layer 3 gives 2"),
    Case("dense(2, 3) x 2", "1:1: cannot repeat a 2→3 network: its output (3) must match its input (2)"),
    Case("mlp([2, 3], tanh, init=relu)", "1:19: init= must be an initialiser, not an activation", hint: "nielsen, gaussian(mean, std), xavier, xavier_normal, he, const(v), orthogonal"),
    Case(":time", "1:1: ':time' takes on or off"),
    Case("v[1] = \"a\"", "1:1: an element of a vector must be a number, not a string"),
    Case("net.w = 3", "1:1: assign one layer at a time: net.w[l] = ..."),
    Case("net.depth = 4", "1:1: the field 'depth' of a network cannot be assigned", hint: "assign weights and biases: net.w[2] = ..., net.b[2] = ... (gain and shift of a normalization layer)"),
    Case("copy()", "1:1: copy needs its argument 'net'", hint: "usage: copy(net)"),
    Case("norms(g, 2)", "1:1: norms takes 1 argument, got 2", hint: "usage: norms(g)"),
    Case("sigmoid(1, 2)", "1:1: sigmoid takes 1 argument, got 2"),
    Case("train(net, data, lr=1/0)", "1:21: the result of '/' is Inf", hint: "division by zero"),
    Case("circles(1e8)", "1:9: the number of points must be a whole number from 2 to 10000000, not 100000000"),
    Case("take(data, 1e10)", "1:12: the number of examples must be a whole number from 1 to 2147483647, not 10000000000"),
    Case("zeros(20000, 10000)", "1:1: a 20000×10000 matrix is too large"),
    Case("1e309", "1:1: number '1e309' is too large for a Double", hint: "the largest Double is about 1.8e308"),
    Case("-1e309", "1:2: number '1e309' is too large for a Double", hint: "the largest Double is about 1.8e308"),
    Case("x = 1e400", "1:5: number '1e400' is too large for a Double", hint: "the largest Double is about 1.8e308"),
    Case("dense(1, 1) x 100000", "1:15: repetition count must be a whole number from 1 to 10000, not 100000"),
    Case("dense(1, 1) x 99999999999999999999", "1:15: repetition count must be a whole number from 1 to 10000, not 99999999999999999999"),
    Case("net x 2", "1:1: cannot repeat a 2→3→1 network: its output (1) must match its input (2)"),
    Case("v x 2", "1:1: repetition 'x 2' needs a layer or network, not a vector"),
    Case("loop(1, 2)", "1:1: loop takes 1 argument (n), got 2"),
    Case("f(w1=1)", "1:1: f takes 2 arguments (w1, w2), got 1"),
    Case("grad(f)(w3=1, w2=2)", "1:9: f has no parameter 'w3'"),
    Case("seed()", "1:1: seed needs its argument 'n'", hint: "usage: seed(n)"),
    Case("xor(1)", "1:1: xor takes 0 arguments, got 1", hint: "usage: xor()"),
    Case("fashion_mnist(3)", "1:15: the directory must be a string, not a number", hint: "write file names in quotes: \"net.json\""),
    Case("idx(\"labels.idx\", \"labels.idx\", \"x\")", "1:1: idx needs its argument 'test_labels'", hint: "usage: idx(images, labels) or idx(images, labels, test_images, test_labels)"),
    Case("save(g, \"nodir/g.json\")", "1:9: cannot write $DIR/nodir/g.json: the directory $DIR/nodir does not exist"),
    Case("save(plot(v), \"p.png\")", "1:15: .png is not supported; save as .svg", hint: "save(plot(...), \"picture.svg\") writes an SVG file"),
    Case("heatmap(net)", "1:9: heatmap needs a matrix, not a network", hint: "heatmap(net.w[1]) shows the weights of layer 1"),
    Case("contour(f, paths=3)", "1:12: path is a number, not a path", hint: "a path is what descend returns, or a matrix with one row [w1, w2] per point"),
    Case("descend(f, from=[1, 2], method=adam, beta1=\"a\")", "1:38: beta1 must be a number, not a string"),
    Case("train(net, data, method=adam, beta1=2)", "1:31: beta1 must be at least 0 and below 1, not 2"),
    Case("net.b[1] = [0/0, 1, 1]", "1:13: the result of '/' is NaN", hint: "division by zero"),
    Case("max(net.w[1] / 0)", "1:5: element [1, 1] of the result of '/' is Inf", hint: "division by zero"),
    Case("grad(mlp([1, 1], linear, init=const(1e200)), [1e200], [0])", "1:1: the gradient from grad holds Inf in z[1], unit 1", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    // Ranges and comprehensions
    Case("1:0:5", "1:3: the step of a range cannot be 0"),
    Case("1:1e9", "1:1: this range has 1000000000 elements; a range holds at most 100000000"),
    Case("[1, 2]:3", "1:1: the start of a range must be a number"),
    Case("[L for L in \"abc\"]", "1:13: a comprehension runs over a vector, a range, a matrix's rows or a list, not a string"),
    Case("[1/L for L in 0:2]", "1:2: the result of '/' is Inf", hint: "division by zero"),
    // The remedies as layers: each misuse a clear error at its place.
    Case("residual(dense(3, 4))", "1:10: a residual block must give as many outputs as it takes inputs: this one takes 3 and gives 4", hint: "the skip adds the block's input to its output, so both must have the same size"),
    Case("residual(dense(3, 3) -> dense(3, 2))", "1:10: a residual block must give as many outputs as it takes inputs: this one takes 3 and gives 2", hint: "the skip adds the block's input to its output, so both must have the same size"),
    Case("dense(2, 3, softmax) -> dense(3, 1)", "1:1: softmax is allowed on the output layer only, not on layer 1 of 2: it is not elementwise"),
    Case("grad(dense(2, 2, sigmoid), [1, 2], [0, 1], cost=log_likelihood)", "1:1: log_likelihood needs a softmax output layer, not sigmoid", hint: "end the network with dense(n, classes, softmax)"),
    Case("grad(dense(2, 2) -> batchnorm(2), [1, 2], [0, 1])", "1:1: batchnorm normalizes over a batch: the gradient of one example through it is not defined", hint: "pass a batch: grad(net, dataset(X, Y)) or grad(net, X, Y) with one example per row"),
    Case("train(dense(2, 1), dataset([[1, 2], [3, 4]], [[0], [1]]), clip=0)", "1:59: clip must be a number above 0, not 0", hint: "clip=c rescales each batch's gradient to norm c when it is longer (PyTorch's clip_grad_norm_)"),
    Case("train(dense(2, 1), dataset([[1, 2], [3, 4]], [[0], [1]]), clip=-1)", "1:59: clip must be a number above 0, not -1", hint: "clip=c rescales each batch's gradient to norm c when it is longer (PyTorch's clip_grad_norm_)"),
    Case("train(dense(2, 2) -> batchnorm(2), dataset([[1, 2], [3, 4], [5, 6]], [[0, 1], [1, 0], [0, 1]]), batch=1)", "1:1: batchnorm normalizes over a batch: every batch needs 2 examples or more, and batch=1 gives 1"),
    Case("n = dense(2, 2) -> layernorm(2); n.w[2]", "1:38: layer 2 is a layernorm: it has gain and shift, no w"),
    Case("n = dense(2, 2) -> layernorm(2); n.gain[1]", "1:41: layer 1 is a dense layer: it has no gain"),
    Case("n = dense(2, 2) -> layernorm(2); n.w[2] = [[1, 2], [3, 4]]", "1:38: layer 2 is a layernorm: it has gain and shift, no w"),
    Case("d(softmax)", "1:3: softmax is not elementwise: it has no derivative g'(z) of one number", hint: "its Jacobian is diag(a) - a a^T; grad backpropagates through it"),
    Case("gamma(softmax)", "1:7: softmax is not elementwise: it has no gamma = sup g'", hint: "the norm of its Jacobian diag(a) - a a^T is at most 1/2"),
    Case("layernorm(0)", "1:11: the number of units must be a whole number from 1 to 100000000, not 0"),
    Case("batchnorm(3, momentum=2)", "1:14: momentum must be a number from 0 to 1, not 2"),
    Case("layernorm(3, eps=0)", "1:14: eps must be a number above 0, not 0"),
    Case("repeat(dense(2, 3), 2)", "1:8: cannot repeat a 2→3 network: its output (3) must match its input (2)"),
    Case("grad(residual(dense(2, 2, sigmoid)), [1, 2], [0, 1], cost=cross_entropy)", "1:1: cross_entropy's output layer 1 cannot end a residual block: its output must stay sigmoid's"),
    // An overflow in a hidden z is an error even where g(z) saturates it back to a finite a.
    Case("dense(2, 2, sigmoid, init=const(1e308))([1, 1])", "1:1: the forward pass holds Inf in z[1], unit 1", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("trace(dense(2, 2, sigmoid, init=const(1e308)), [1, 1])", "1:1: the forward pass of trace holds Inf in z[1], unit 1", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("trace(dense(2, 2, sigmoid, init=const(1e308)), [[0, 0], [1, 1]]).z", "1:1: the forward pass of trace holds Inf in z[1], unit 1 of example 2", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    Case("grad(dense(2, 1, sigmoid, init=const(1e308)), [1, 1], [0])", "1:1: the gradient from grad holds Inf in z[1], unit 1", hint: "numbers beyond about 1.8e308 overflow to Inf"),
    // Mean field, phase diagrams, histograms, saturation
    Case("meanfield(3)", "1:11: meanfield needs an activation or a network, not a number", hint: "usage: meanfield(act, sigma_w=..., sigma_b=0) or meanfield(net)"),
    Case("meanfield(tanh)", "1:1: meanfield(tanh) needs sigma_w=, the weights' standard deviation times sqrt(n_in)", hint: "usage: meanfield(act, sigma_w=..., sigma_b=0) or meanfield(net)"),
    Case("meanfield(tanh, sigma_w=-1)", "1:17: sigma_w= must be a number from 0 to 1e6, not -1"),
    Case("meanfield(tanh, sigma_w=\"a\")", "1:17: sigma_w= must be a number, not a string"),
    Case("meanfield(tanh, sigma_w=1, sigma_b=1e7)", "1:28: sigma_b= must be a number from 0 to 1e6, not 10000000"),
    Case("meanfield(softmax, sigma_w=1)", "1:11: softmax is not elementwise: the mean-field theory is of one activation acting on each unit"),
    Case("meanfield(relu, sigma_w=2)", "1:1: q grows without bound from q = 1: relu with sigma_w = 2, sigma_b = 0 has no fixed point (chi tends to 2 as q grows)"),
    Case("meanfield(tanh, sigma_w=1, sigmab=2)", "1:28: meanfield has no argument 'sigmab'; did you mean 'sigma_b'?"),
    Case("meanfield(net, sigma_w=1)", "1:16: meanfield of a network has no argument 'sigma_w'", hint: "usage: meanfield(act, sigma_w=..., sigma_b=0) or meanfield(net)"),
    Case("meanfield(dense(2, 2, init=orthogonal))", "1:11: layer 1: orthogonal weights are not independent; the mean-field theory is of weights drawn independently with mean 0"),
    Case("meanfield(dense(2, 2, init=const(1)))", "1:11: layer 1: const(1) weights are not random; the mean-field theory is of weights drawn independently with mean 0"),
    Case("meanfield(dense(2, 2, bias=const(1)))", "1:11: layer 1: const(1) biases are not 0; the mean-field theory is of biases drawn with mean 0 (or all 0)"),
    Case("meanfield(dense(2, 2, init=gaussian(1, 1)))", "1:11: layer 1: gaussian(1, 1) weights have mean 1; the mean-field theory needs zero-mean weights"),
    Case("meanfield(mlp([4, 3, 2], tanh, init=xavier))", "1:11: meanfield(net) needs every layer drawn alike: layer 1 gives tanh, sigma_w = 1.06904, sigma_b = 0 but layer 2 gives tanh, sigma_w = 1.09545, sigma_b = 0", hint: "the theory is of one layer repeated; meanfield(tanh, sigma_w=1.06904, sigma_b=0) is layer 1's"),
    Case("meanfield(dense(2, 2, tanh) -> dense(2, 2, relu))", "1:11: meanfield(net) needs every layer drawn alike: layer 1 gives tanh, sigma_w = 1, sigma_b = 1 but layer 2 gives relu, sigma_w = 1, sigma_b = 1", hint: "the theory is of one layer repeated; meanfield(tanh, sigma_w=1, sigma_b=1) is layer 1's"),
    Case("meanfield(dense(2, 2) -> layernorm(2))", "1:11: meanfield(net) is the theory of a chain of dense layers; layer 2 is a layernorm", hint: "meanfield(act, sigma_w=, sigma_b=) describes the dense layers alone"),
    Case("meanfield(residual(dense(2, 2)))", "1:11: meanfield(net) is the theory of a plain chain of dense layers; this network has skips (residual blocks)", hint: "meanfield(act, sigma_w=, sigma_b=) describes the chain without them"),
    Case("meanfield(load(\"good.json\"))", "1:11: meanfield(net) reads the initialisers the layers were drawn with, and layer 1 was loaded from a file", hint: "meanfield(act, sigma_w=, sigma_b=) with the sigmas it was drawn with"),
    Case("meanfield(dense(2, 3) -> dense(3, 2, softmax))", "1:11: layer 2 is softmax, which is not elementwise: the mean-field theory is of one activation on each unit"),
    Case("meanfield(tanh, relu)", "1:1: meanfield takes 1 argument, got 2: the others are named, as sigma_w=...", hint: "usage: meanfield(act, sigma_w=..., sigma_b=0) or meanfield(net)"),
    Case("phase(3)", "1:7: phase needs an activation, not a number", hint: "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
    Case("phase(softmax)", "1:7: softmax is not elementwise: it has no mean-field phase diagram"),
    Case("phase(tanh, sigma_w=[2, 1])", "1:13: sigma_w= must be a range [from, to] with 0 <= from < to <= 1e6", hint: "sigma_w=[0, 2]"),
    Case("phase(tanh, sigma_b=[-1, 1])", "1:13: sigma_b= must be a range [from, to] with 0 <= from < to <= 1e6", hint: "sigma_b=[0, 2]"),
    Case("phase(tanh, sigma_b=3)", "1:13: sigma_b= must be a range [from, to] with 0 <= from < to <= 1e6", hint: "sigma_b=[0, 2]"),
    Case("hist(\"a\")", "1:6: hist needs a vector, a matrix or a list of them, not a string", hint: "hist(net.w[1]) counts the weights of layer 1; hist(trace(net, x).a) each layer's activations"),
    Case("hist(net)", "1:6: hist needs a vector, a matrix or a list of them, not a network", hint: "hist(net.w[1]) counts the weights of layer 1; hist(trace(net, x).a) each layer's activations"),
    Case("hist(v, bins=0)", "1:9: bins= must be a whole number from 1 to 1000, not 0"),
    Case("hist(v, bins=2.5)", "1:9: bins= must be a whole number from 1 to 1000, not 2.5"),
    Case("hist([])", "1:6: there is nothing to count in an empty vector"),
    Case("hist([v, net])", "1:6: hist counts numbers: element 2 is a network", hint: "a list of vectors or matrices: g.a, net.w"),
    Case("hist(v, width=5)", "1:9: width= must be a whole number from 30 to 1000, not 5"),
    Case("hist(v, title=3)", "1:9: title= must be a string, not a number"),
    Case("saturation(net)", "1:1: saturation(net) needs data to run the network on", hint: "usage: saturation(net, data) or saturation(trace)"),
    Case("saturation(v)", "1:12: saturation needs a network and data, or a trace, not a vector", hint: "usage: saturation(net, data) or saturation(trace)"),
    Case("saturation(net, [1])", "1:17: the network takes 2 inputs but the data has 1"),
    Case("saturation(net, line)", "1:17: the network takes 2 inputs but the data has 1"),
    Case("saturation(net, v, v)", "1:1: saturation takes 1 or 2 arguments, got 3", hint: "usage: saturation(net, data) or saturation(trace)"),
    Case("saturation(3, v)", "1:1: saturation of a trace or a gradient takes 1 argument, got 2", hint: "usage: saturation(net, data) or saturation(trace)"),
  ]

  /// Broken files of every kind in a fresh directory.
  static func fixtures() throws -> URL {
    let dir = try temporaryDirectory()
    func file(_ name: String, _ bytes: [UInt8]) throws {
      try Data(bytes).write(to: dir.appendingPathComponent(name))
    }
    func text(_ name: String, _ s: String) throws { try file(name, Array(s.utf8)) }
    try text("trunc.json", #"{"format": "vanish.network/1", "layers": [{"in": 1, "out": 1, "activation": "sigmoid", "w": [[1"#)
    try text("garbage.json", "not json at all\n")
    try text("wrongfmt.json", #"{"format": "other/2"}"# + "\n")
    try text("nofmt.json", #"{"layers": []}"# + "\n")
    try text("badshape.json", #"{"format": "vanish.network/1", "layers": [{"in": 2, "out": 1, "activation": "sigmoid", "w": [[1]], "b": [0]}]}"#)
    try text("badact.json", #"{"format": "vanish.network/1", "layers": [{"in": 1, "out": 1, "activation": "sigmod", "w": [[1]], "b": [0]}]}"#)
    try text("badtype.json", #"{"format": "vanish.network/1", "layers": [{"in": 1, "out": 1, "activation": "sigmoid", "w": [["a"]], "b": [0]}]}"#)
    try text("nanweights.json", #"{"format": "vanish.network/1", "layers": [{"in": 1, "out": 1, "activation": "sigmoid", "w": [[NaN]], "b": [0]}]}"#)
    try text("empty.json", "")
    try file("trunc-images.idx", [0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2])
    try file("labels.idx", [0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3, 4, 5])
    try text("bad.idx", "garbage\n")
    try file("trunc.gz", [0x1f, 0x8b, 8, 0, 0, 0])
    try text("badcell.csv", "a,b\n1,2\n3,x\n")
    try text("empty.csv", "a,b\n")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("adir"), withIntermediateDirectories: true)
    return dir
  }

  @Test func everyBadInputIsAnExactErrorAndTheSessionKeepsItsVariables() throws {
    let dir = try Self.fixtures()
    defer { try? FileManager.default.removeItem(at: dir) }
    let session = Session()
    session.interpreter.workingDirectory = dir.path
    nonisolated(unsafe) var out: [String] = []
    nonisolated(unsafe) var err: [String] = []
    session.write = { out.append($0) }
    session.writeError = { err.append($0) }
    #expect(session.run(Self.prelude) == .ok, "\(err)")
    var record: [String] = []
    for c in Self.cases {
      out = []
      err = []
      let outcome = session.run(c.source)
      let text = err.joined(separator: "\n").replacingOccurrences(of: dir.path, with: "$DIR")
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let first = lines.first ?? ""
      let hint = lines.first(where: { $0.hasPrefix("  hint: ") }).map { String($0.dropFirst(8)) }
      record.append("    Case(\(c.source.debugDescription), \(String(first.dropFirst(7)).debugDescription)\(hint.map { ", hint: \($0.debugDescription)" } ?? "")),\(outcome == .failed ? "" : " // \(outcome)")")
      #expect(outcome == .failed, "\(c.source)")
      if c.prefix {
        #expect(first.hasPrefix("error: " + c.error), "\(c.source)")
      } else {
        #expect(first == "error: " + c.error, "\(c.source)")
      }
      #expect(hint == c.hint, "\(c.source)")
      // Still alive, with its variables: keep is 42 and a new statement runs.
      out = []
      err = []
      #expect(session.run("keep") == .ok)
      #expect(session.run("keep + 1") == .ok)
      #expect(out == ["42", "43"], "after \(c.source)")
      #expect(err.isEmpty, "after \(c.source)")
    }
    if let path = ProcessInfo.processInfo.environment["VANISH_RECORD_BAD_INPUTS"] {
      try record.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
    #expect(Self.cases.count >= 150)
  }
}

/// NaN and infinities in files: `save` writes them as Python's json does, `load` reads them
/// back (warning that the network holds them), and what the network computes is an error.
@Suite struct NonFiniteFileTests {
  @Test func aNetworkWithNaNWeightsRoundTripsWithAWarning() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let session = Session()
    session.interpreter.workingDirectory = dir.path
    #expect(run("net = dense(1, 2, linear); net.w[1] = [[1], [2]]; save(net, \"n.json\")", session: session).outcome == .ok)
    // Only a file can bring a NaN in: write one as Python's json.dump would.
    let file = dir.appendingPathComponent("n.json")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.contains("[2.0]"))
    try text.replacingOccurrences(of: "[2.0]", with: "[NaN]").replacingOccurrences(of: "[1.0]", with: "[-Infinity]")
      .write(to: file, atomically: true, encoding: .utf8)
    let loaded = run("bad = load(\"n.json\")", session: session)
    #expect(loaded.outcome == .ok)
    #expect(loaded.out == "warning: n.json holds -Inf in w[1]; what the network computes will not be finite")
    let forward = run("bad([1])", session: session)
    #expect(forward.outcome == .failed)
    #expect(forward.err.hasPrefix("error: 1:1: the forward pass holds -Inf in z[1], unit 1"))
    #expect(forward.err.hasSuffix("hint: the network already holds NaN or Inf in its weights or biases"))
    // Saved again, the file still holds them, and reads back the same.
    #expect(run("save(bad, \"m.json\")", session: session).outcome == .ok)
    let again = try String(contentsOf: dir.appendingPathComponent("m.json"), encoding: .utf8)
    #expect(again.contains("[-Infinity]") && again.contains("[NaN]"))
    let reloaded = run("w = load(\"m.json\").w[1]; w", session: session)
    #expect(reloaded.out.hasSuffix("[[-Inf],\n [ NaN]]"))
  }
}

/// The progress bar's numbers never trap, whatever the rate and the time left.
@Suite struct ProgressBarNumberTests {
  @Test func nonFiniteOrHugeTimesAndRatesPrintAsAQuestionMark() {
    #expect(ProgressBar.duration(.infinity) == "?")
    #expect(ProgressBar.duration(.nan) == "?")
    #expect(ProgressBar.duration(-1) == "?")
    #expect(ProgressBar.duration(1e300) == "?")
    #expect(ProgressBar.duration(42) == "0:42")
    #expect(ProgressBar.duration(3723) == "1:02:03")
    #expect(ProgressBar.whole(.infinity) == "?")
    #expect(ProgressBar.whole(.nan) == "?")
    #expect(ProgressBar.whole(1e300) == "?")
    #expect(ProgressBar.whole(1234.9) == "1234")
  }
}
