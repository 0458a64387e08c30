@testable import Book
import Testing

@Suite struct MathMLTests {
    func inline(_ tex: String) throws -> String { try MathML.render(tex, display: false) }

    @Test(arguments: [
        ("x", "<math><mi>x</mi></math>"),
        ("12.5", "<math><mn>12.5</mn></math>"),
        ("a-b", "<math><mrow><mi>a</mi><mo>−</mo><mi>b</mi></mrow></math>"),
        ("x^2", "<math><msup><mi>x</mi><mn>2</mn></msup></math>"),
        ("x_{ij}^{2}", "<math><msubsup><mi>x</mi><mrow><mi>i</mi><mi>j</mi></mrow><mn>2</mn></msubsup></math>"),
        ("\\frac{a}{b}", "<math><mfrac><mi>a</mi><mi>b</mi></mfrac></math>"),
        ("\\frac12", "<math><mfrac><mn>1</mn><mn>2</mn></mfrac></math>"),
        ("\\sqrt{x}", "<math><msqrt><mi>x</mi></msqrt></math>"),
        ("\\sqrt[3]{x}", "<math><mroot><mi>x</mi><mn>3</mn></mroot></math>"),
        ("\\hat{y}", "<math><mover accent=\"true\"><mi>y</mi><mo>^</mo></mover></math>"),
        ("\\eta \\Sigma", "<math><mrow><mi>η</mi><mi mathvariant=\"normal\">Σ</mi></mrow></math>"),
        ("\\text{loss } L", "<math><mrow><mtext>loss </mtext><mi>L</mi></mrow></math>"),
        ("\\mathbf{x}", "<math><mi>𝐱</mi></math>"),
        ("\\mathbb{R}^n", "<math><msup><mi>ℝ</mi><mi>n</mi></msup></math>"),
        ("\\operatorname{softmax}", "<math><mi mathvariant=\"normal\">softmax</mi></math>"),
        ("\\log x", "<math><mrow><mi>log</mi><mi>x</mi></mrow></math>"),
        ("a \\le b", "<math><mrow><mi>a</mi><mo>≤</mo><mi>b</mi></mrow></math>"),
        ("\\left( x \\right)", "<math><mrow><mo fence=\"true\" stretchy=\"true\">(</mo><mi>x</mi><mo fence=\"true\" stretchy=\"true\">)</mo></mrow></math>"),
        // Plain brackets and bars as TeX sets them: as tall as the text (a browser stretched them), a bar without operator spacing.
        ("\\log(1+f)", "<math><mrow><mi>log</mi><mo stretchy=\"false\">(</mo><mn>1</mn><mo>+</mo><mi>f</mi><mo stretchy=\"false\">)</mo></mrow></math>"),
        ("[x]", "<math><mrow><mo stretchy=\"false\">[</mo><mi>x</mi><mo stretchy=\"false\">]</mo></mrow></math>"),
        ("|g|", "<math><mrow><mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo><mi>g</mi><mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo></mrow></math>"),
        ("a<b", "<math><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow></math>"),
        ("\\$", "<math><mo>$</mo></math>"),
        ("\\sum_i x_i", "<math><mrow><msub><mo>∑</mo><mi>i</mi></msub><msub><mi>x</mi><mi>i</mi></msub></mrow></math>"),
    ])
    func convertsTheTeXSubset(tex: String, mathML: String) throws {
        #expect(try inline(tex) == mathML)
    }

    @Test func putsLimitsUnderBigOperatorsInDisplayMath() throws {
        #expect(try MathML.render("\\max_{x} f", display: true)
            == "<math display=\"block\"><mrow><munder><mi>max</mi><mi>x</mi></munder><mi>f</mi></mrow></math>")
    }

    @Test func drawsMatrices() throws {
        #expect(try inline("\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}")
            == "<math><mrow><mo fence=\"true\">[</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable><mo fence=\"true\">]</mo></mrow></math>")
    }

    @Test(arguments: [
        ("\\foo", 0, "unknown command \\foo"),
        ("x^2^3", 3, "double superscript"),
        ("{x", 2, "missing '}'"),
        ("x}", 1, "unexpected '}'"),
        ("a & b", 2, "only allowed inside a matrix"),
        // A missing closer is blamed on its opener, not on the end of the math.
        ("\\left( x", 0, "no matching \\right"),
        ("a + \\left[ \\left( x \\right)", 4, "no matching \\right"),
        ("y = \\begin{bmatrix} a & b", 4, "no matching \\end"),
        ("\\begin{foo}", 0, "unknown environment"),
        ("\\frac{a}", 8, "expected an argument"),
        ("x^", 2, "expected an argument"),
    ])
    func reportsErrorsAtTheirOffset(tex: String, offset: Int, message: String) {
        #expect {
            try inline(tex)
        } throws: { error in
            let error = error as! MathError
            return error.offset == offset && error.message.contains(message)
        }
    }
}
