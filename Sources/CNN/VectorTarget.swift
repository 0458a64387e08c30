import Foundation

/// The instruction set the kernels were compiled for, and the processor running them: printed with
/// every speed figure, because the same code is 2-4 times faster or slower from one to the other.
///
/// Results do not depend on it: `Vector` is 16 floats whatever the target, and every kernel fixes
/// its own summation order, so an AVX2 build and an AVX-512 build train to the same history.
public enum VectorTarget {
    /// The `-target-cpu` the CNN module was built with (Package.swift reads `TUTOR_TARGET_CPU`).
    public static var cpu: String {
        #if TUTOR_TARGET_CPU_NATIVE
        "native"
        #elseif TUTOR_TARGET_CPU_X86_64_V3
        "x86-64-v3"
        #elseif TUTOR_TARGET_CPU_X86_64_V4
        "x86-64-v4"
        #elseif TUTOR_TARGET_CPU_X86_64_V2
        "x86-64-v2"
        #else
        "unlisted (see TUTOR_TARGET_CPU in Package.swift)"
        #endif
    }

    /// The vector instructions that target allows: for `native`, those of the building machine,
    /// taken to be this one (a benchmark runs where it was built).
    public static var features: String {
        #if TUTOR_TARGET_CPU_X86_64_V3
        return "AVX2 + FMA: a 16-float Vector is two 8-lane registers, 16 registers"
        #elseif TUTOR_TARGET_CPU_X86_64_V4
        return "AVX-512: a 16-float Vector is one register, 32 registers"
        #elseif TUTOR_TARGET_CPU_X86_64_V2
        return "SSE4.2, no FMA: a 16-float Vector is four 4-lane registers, fused multiply-adds are library calls"
        #elseif arch(arm64)
        return "NEON: a 16-float Vector is four 4-lane registers, 32 registers"
        #else
        let flags = machineVectorFlags
        return flags.isEmpty ? "unknown" : flags.joined(separator: " ")
        #endif
    }

    /// The processor running this program, from /proc/cpuinfo (Linux), e.g. "AMD EPYC 9R14".
    public static var machine: String {
        cpuinfo("model name") ?? "unknown processor"
    }

    /// One line for a benchmark's report.
    public static var description: String {
        "CPU: \(machine), \(cpuCount) cores; kernels built for -target-cpu \(cpu) (\(features))"
    }

    private static var cpuCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// This machine's vector extensions that matter to the kernels.
    private static var machineVectorFlags: [String] {
        let wanted: Set<String> = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "asimd"]
        let flags = (cpuinfo("flags") ?? cpuinfo("Features") ?? "").split(separator: " ").map(String.init)
        return flags.filter(wanted.contains)
    }

    private static func cpuinfo(_ key: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
