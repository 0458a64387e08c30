import Book
import CNN

/// The hand-made 3x3 kernels of chapter 1, by name, in the order the chapter shows them.
enum NamedKernels {
    static let all: [(name: String, weights: [[Float]])] = [
        ("identity", [[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
        ("boxBlur", [[1, 1, 1], [1, 1, 1], [1, 1, 1]].map { $0.map { $0 / 9 } }),
        ("sharpen", [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
        ("sobelX", [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
        ("sobelY", [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
        ("outline", [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    ]

    static var names: [String] { all.map(\.name) }

    /// A kernel argument (a name or a literal matrix) as a `[K, K, 1, 1]` tensor.
    static func tensor(_ argument: KernelArgument) throws -> Tensor {
        switch argument {
        case .named(let name):
            guard let kernel = all.first(where: { $0.name == name }) else {
                throw StepError.programming("kernel '\(name)' is one of the parameter's choices but is not defined in NamedKernels")
            }
            return tensor(kernel.weights)
        case .matrix(let rows):
            return tensor(rows.map { $0.map(Float.init) })
        }
    }

    /// The side K of a kernel argument (3 for every named kernel).
    static func side(_ argument: KernelArgument) -> Int {
        switch argument {
        case .named: return 3
        case .matrix(let rows): return rows.count
        }
    }

    /// Rows of weights as a `[K, K, 1, 1]` kernel.
    static func tensor(_ rows: [[Float]]) -> Tensor {
        Tensor(shape: [rows.count, rows[0].count, 1, 1], scalars: rows.flatMap { $0 })
    }

    /// The name to print for a kernel argument.
    static func label(_ argument: KernelArgument) -> String {
        switch argument {
        case .named(let name): return name
        case .matrix: return "your kernel"
        }
    }

    /// "the sobelX map", or "your kernel's map": the feature map a kernel argument makes, in a sentence.
    static func mapName(_ argument: KernelArgument) -> String {
        switch argument {
        case .named(let name): return "the \(name) map"
        case .matrix: return "your kernel's map"
        }
    }
}
