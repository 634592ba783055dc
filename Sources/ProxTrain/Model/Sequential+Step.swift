/// The two loops a trainer runs, written once.
extension Sequential {
    /// One training step on the first `batch` rows: forward, loss, zero-grad,
    /// backward in reverse order, optimizer update, then latent clipping/reset.
    ///
    /// Returns the mean loss and the number of correct predictions, both
    /// measured with the weights before the update (as PyTorch reports them).
    ///
    /// Runs on `team`: the same step on every member, each on its slice of
    /// the features (`SequentialStep`); with a team of one, on this thread.
    /// `filling`, when given, writes `input` and `labels` first, as part of
    /// the step (a `BatchLoader`).
    @discardableResult
    public func trainStep(input: Tensor, labels: UnsafeBufferPointer<Int32>, batch: Int,
                          loss: SoftmaxCrossEntropy, optimizer: any Optimizer,
                          filling: (any TeamInput)? = nil) -> (loss: Double, correct: Int) {
        precondition(batch <= capacity, "batch \(batch) exceeds the prepared capacity \(capacity)")
        bookkeeping.beginTrainStep()
        optimizer.prepareStep()
        step.pairUp(optimizer)
        step.mode = .train
        step.input = input
        step.fill = filling
        step.labels = labels
        step.batch = batch
        step.loss = loss
        step.optimizer = optimizer
        team.run(step)
        step.clear()
        bookkeeping.endTrainStep()
        return step.result
    }

    /// `trainStep` with labels in an array (borrowed, not copied).
    @discardableResult
    public func trainStep(input: Tensor, labels: [Int32], batch: Int,
                          loss: SoftmaxCrossEntropy, optimizer: any Optimizer) -> (loss: Double, correct: Int) {
        labels.withUnsafeBufferPointer {
            trainStep(input: input, labels: $0, batch: batch, loss: loss, optimizer: optimizer)
        }
    }

    /// Correct predictions on the first `batch` rows in the current modes
    /// (call `setTraining(false)` first, and `setWeightMode(.deploy)` for deploy accuracy).
    public func countCorrect(input: Tensor, labels: UnsafeBufferPointer<Int32>, batch: Int) -> Int {
        let logits = forward(input, batch: batch)
        return SoftmaxCrossEntropy.countCorrect(logits: logits, classes: classes, labels: labels, batch: batch)
    }

    /// Runs `body` in evaluation mode with the given weight mode, then
    /// restores both modes: how deploy accuracy is measured.
    ///
    ///     let correct = model.evaluating(weights: .deploy) { model.countCorrect(...) }
    public func evaluating<T>(weights mode: WeightMode = .forward, _ body: () throws -> T) rethrows -> T {
        let (training, weights) = (isTraining, weightMode)
        setTraining(false)
        setWeightMode(mode)
        defer {
            setTraining(training)
            setWeightMode(weights)
        }
        return try body()
    }
}
