/// A kernel given by name (`sobelX`) or by its weights.
public enum KernelArgument: Sendable, Hashable {
    case named(String)
    case matrix([[Double]])
}
