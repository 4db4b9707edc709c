extension Dataset {
  /// A dataset from an MNIST-format pair: an IDX file of images (count × rows × cols unsigned
  /// bytes, scaled to [0, 1]) and an IDX file of labels (count bytes, made one-hot). The number
  /// of classes is the largest label + 1, at least 2 (10 for MNIST and Fashion-MNIST).
  public static func idx(images imagesPath: String, labels labelsPath: String) throws(CoreError) -> Dataset {
    let images = try IDX.read(imagesPath)
    let labels = try IDX.read(labelsPath)
    return try idx(images: images, labels: labels, imagesName: imagesPath, labelsName: labelsPath)
  }

  /// The same, from arrays already read; the names are the files' for error messages.
  public static func idx(images: IDXArray, labels: IDXArray, imagesName: String, labelsName: String)
    throws(CoreError) -> Dataset
  {
    if images.dimensions.count < 2 {
      throw .invalidFile(
        "\(imagesName) holds \(images.dimensions.count) dimension: it looks like a labels file, not images (count × rows × cols)")
    }
    if labels.dimensions.count != 1 {
      throw .invalidFile(
        "\(labelsName) holds \(labels.dimensions.count) dimensions: it looks like an images file, not labels (one byte per image)")
    }
    if images.count != labels.count {
      throw .invalidFile(
        "\(imagesName) has \(images.count) images but \(labelsName) has \(labels.count) labels")
    }
    if images.itemSize == 0 { throw .invalidFile("\(imagesName) has images of no pixels") }
    let classes = max(Int(labels.bytes.max() ?? 0) + 1, 2)
    return try Dataset(
      inputs: .pixels(images.bytes), inputSize: images.itemSize,
      targets: .classes(labels.bytes.map(Int32.init)), outputSize: classes)
  }
}
