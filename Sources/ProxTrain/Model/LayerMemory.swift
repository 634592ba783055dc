/// One row of the memory table (docs/THEORY.md section 7): a layer's size in fp32 and deployed.
///
/// A binarized weight costs 1 bit deployed; every other number (full-
/// precision weights, biases, BatchNorm's gamma, beta and running
/// statistics) costs 32 bits, as in Larq's model summary.
public struct LayerMemory: Sendable, Equatable {
    public let name: String
    /// Trainable numbers plus deployed state (running statistics).
    public let parameters: Int
    /// Of those, the ones stored as signs.
    public let binarized: Int

    public init(name: String, parameters: Int, binarized: Int) {
        self.name = name
        self.parameters = parameters
        self.binarized = binarized
    }

    public var fp32Bits: Int { parameters * 32 }
    public var deployedBits: Int { binarized + (parameters - binarized) * 32 }
    /// fp32 size over deployed size (1 for a layer without binarized weights; 0 for an empty layer).
    public var compression: Double { deployedBits == 0 ? 0 : Double(fp32Bits) / Double(deployedBits) }
}

extension Sequential {
    /// One row per layer that stores numbers, in layer order (the layers
    /// inside a residual unit each have their own row).
    public var memoryTable: [LayerMemory] {
        layers.flatMap(\.leaves).compactMap { layer in
            let trainable = layer.parameters.reduce(0) { $0 + $1.count }
            let total = trainable + layer.stateCount
            guard total > 0 else { return nil }
            let binary = layer.parameters.filter(\.isBinarized).reduce(0) { $0 + $1.count }
            return LayerMemory(name: layer.name, parameters: total, binarized: binary)
        }
    }

    /// The whole model as one row named "total".
    public var memoryTotal: LayerMemory {
        let rows = memoryTable
        return LayerMemory(name: "total", parameters: rows.reduce(0) { $0 + $1.parameters },
                           binarized: rows.reduce(0) { $0 + $1.binarized })
    }
}
