/// The TeX commands the MathML converter knows, and the Unicode characters they stand for.
enum TeXSymbols {
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
        "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Symbols that are identifiers rather than operators.
    static let identifiers: [String: String] = [
        "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "emptyset": "∅",
    ]

    static let operators: [String: String] = [
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
        "circ": "∘", "odot": "⊙", "otimes": "⊗", "oplus": "⊕",
        "leftarrow": "←", "rightarrow": "→", "to": "→", "gets": "←", "mapsto": "↦",
        "Leftarrow": "⇐", "Rightarrow": "⇒", "implies": "⟹", "iff": "⟺",
        "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝",
        "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "ll": "≪", "gg": "≫",
        "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
        "forall": "∀", "exists": "∃", "neg": "¬", "land": "∧", "lor": "∨",
        "mid": "∣", "|": "‖", "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|",
        "ldots": "…", "cdots": "⋯", "dots": "…", "vdots": "⋮", "ddots": "⋱",
        "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
        "{": "{", "}": "}", "$": "$", "%": "%", "#": "#", "_": "_", "&": "&",
    ]

    /// Big operators: in display math their scripts go under and over them.
    static let largeOperators: [String: String] = ["sum": "∑", "prod": "∏", "int": "∫"]

    /// Functions set upright, as TeX sets them.
    static let functions: Set<String> = [
        "log", "ln", "exp", "max", "min", "sin", "cos", "tan", "tanh", "det", "arg", "sup", "inf",
        "lim", "argmax", "argmin",
    ]
    static let functionsWithLimits: Set<String> = ["max", "min", "sup", "inf", "lim", "argmax", "argmin"]

    static let spaces: [String: String] = [
        "quad": "1em", "qquad": "2em", ",": "0.1667em", ":": "0.2222em", ";": "0.2778em",
        " ": "0.25em", "!": "0em",
    ]

    static let accents: [String: String] = [
        "hat": "^", "widehat": "^", "bar": "‾", "overline": "‾", "tilde": "~", "widetilde": "~",
        "vec": "→", "dot": "˙", "ddot": "¨",
    ]

    static let delimiters: [String: String] = [
        "{": "{", "}": "}", "|": "‖", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋",
        "lceil": "⌈", "rceil": "⌉", "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|",
    ]

    static let matrixFences: [String: (open: String, close: String)] = [
        "matrix": ("", ""), "bmatrix": ("[", "]"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|"),
        "Bmatrix": ("{", "}"), "Vmatrix": ("‖", "‖"),
    ]

    /// Characters that stand for operators; the hyphen becomes a true minus sign.
    static let characterOperators: [Character: String] = [
        "+": "+", "-": "−", "=": "=", "<": "<", ">": ">", "(": "(", ")": ")", "[": "[", "]": "]",
        ",": ",", ";": ";", ":": ":", "!": "!", "?": "?", "/": "/", "|": "|", "*": "∗", ".": ".",
    ]
}
