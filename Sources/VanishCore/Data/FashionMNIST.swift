import Foundation

/// Zalando's Fashion-MNIST (70,000 28×28 grey images of clothes in 10 classes, a drop-in for
/// MNIST), where Debian's `dataset-fashion-mnist` package installs it.
public enum FashionMNIST {
  public static let directory = "/usr/share/datasets/fashion-mnist"
  public static let files = [
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
  ]
  public static let installCommand = "apt-get install dataset-fashion-mnist"

  /// The file of the four that is missing from `directory`, if any.
  public static func missingFile(in directory: String = directory) -> String? {
    files.map { directory + "/" + $0 }.first { access($0, R_OK) != 0 }
  }

  /// The 60,000 training images, with the 10,000 test images as the test part.
  public static func load(from directory: String = directory) throws(CoreError) -> Dataset {
    if let missing = missingFile(in: directory) {
      throw .invalidFile("Fashion-MNIST is not installed: \(missing) is missing")
    }
    let path = { (name: String) in directory + "/" + name }
    var data = try Dataset.idx(images: path(files[0]), labels: path(files[1]))
    data.test = try Dataset.idx(images: path(files[2]), labels: path(files[3]))
    return data
  }
}
