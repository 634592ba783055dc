import ProxTrain

extension DeployedModel {
    /// Why the examples of `dataset` are not what this model reads, or nil:
    /// the feature and class counts, and for a convolutional model the image
    /// shape (the same number of pixels in another shape is not its input).
    public func mismatch(with dataset: Dataset) -> String? {
        let inputs = inputShape.reduce(1, *)
        guard dataset.featureCount == inputs, dataset.classCount == classes else {
            return "reads \(inputs) features into \(classes) classes; \(dataset.name) has \(dataset.featureCount) features and \(dataset.classCount) classes"
        }
        guard inputShape.count == 3 else { return nil }
        if let image = dataset.imageShape, [image.channels, image.height, image.width] == inputShape { return nil }
        return "reads \(shapeText(inputShape)) images; \(dataset.name) has "
            + (dataset.imageShape.map { "\($0) images" } ?? "\(dataset.featureCount) plain features, no images")
    }
}
