import CNN
import Testing

@Suite struct TensorTests {
    @Test func elementsAreStoredRowMajorWithChannelsLast() {
        var image = Tensor(shape: [2, 3, 4])
        image[1, 2, 3] = 7
        #expect(image.scalars[(1 * 3 + 2) * 4 + 3] == 7)
        #expect(image.offset([1, 0, 2]) == 14)
    }

    @Test func subscriptsOfOneToFourIndicesAgreeWithTheOffsetOfAnArray() {
        // Every position of tensors of rank 1 to 4: the fixed-arity subscripts read and write the
        // element `offset([...])` names, as the variadic one does.
        var vector = Tensor(shape: [5]), matrix = Tensor(shape: [3, 4]), cube = Tensor(shape: [2, 3, 4])
        var four = Tensor(shape: [2, 3, 2, 3])
        for i in 0..<5 { vector[i] = Float(i + 1) }
        #expect(vector.scalars == [1, 2, 3, 4, 5])
        var value: Float = 0
        for i in 0..<3 {
            for j in 0..<4 {
                value += 1
                matrix[i, j] = value
                #expect(matrix.scalars[matrix.offset([i, j])] == value && matrix.offset(i, j) == matrix.offset([i, j]))
            }
        }
        #expect(matrix.scalars == (1...12).map(Float.init))
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    cube[i, j, k] = Float(cube.offset([i, j, k]))
                    #expect(cube.offset(i, j, k) == cube.offset([i, j, k]))
                }
            }
        }
        #expect(cube.scalars == (0..<24).map(Float.init))
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<2 {
                    for l in 0..<3 {
                        four[i, j, k, l] = Float(four.offset([i, j, k, l]))
                        #expect(four[i, j, k, l] == four.scalars[four.offset([i, j, k, l])] && four.offset(i, j, k, l) == four.offset([i, j, k, l]))
                    }
                }
            }
        }
        #expect(four.scalars == (0..<36).map(Float.init))
    }

    @Test func reshapingKeepsTheOrderOfElements() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t.reshaped([3, 2])[2, 0] == 5)
    }

    @Test func sampleAndStackAreInverses() {
        let batch = randomTensor([3, 2, 2], seed: 4)
        #expect(Tensor.stack((0..<3).map(batch.sample)) == batch)
    }

    @Test func tensorsRoundTripThroughJSON() throws {
        let t = randomTensor([2, 5], seed: 9)
        let decoded = try JSONDecoder().decode(Tensor.self, from: JSONEncoder().encode(t))
        #expect(decoded == t)
    }

    @Test func tensorsAreWrittenPackedAndReadBackBitForBitOrFromAnArray() throws {
        let t = Tensor(shape: [2, 3], scalars: [.nan, -0.0, .infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 0.1])
        let json = try JSONEncoder().encode(t)
        #expect(String(decoding: json, as: UTF8.self).contains(#""scalars":""#))
        let decoded = try JSONDecoder().decode(Tensor.self, from: json)
        #expect(decoded.shape == [2, 3] && decoded.scalars.map(\.bitPattern) == t.scalars.map(\.bitPattern))
        // Written by hand, as numbers.
        let byHand = try JSONDecoder().decode(Tensor.self, from: Data(#"{"shape":[2],"scalars":[1.5,-2]}"#.utf8))
        #expect(byHand == Tensor([1.5, -2]))
        // Packed bytes that are not base64, or not whole floats, or too few for the shape.
        for scalars in ["\"not base64!\"", "\"AAA=\"", "\"AAAAAA==\""] {
            let json = Data(#"{"shape":[2],"scalars":\#(scalars)}"#.utf8)
            #expect(throws: DecodingError.self, "\(scalars)") { try JSONDecoder().decode(Tensor.self, from: json) }
        }
    }

    @Test func decodingATensorWhoseScalarsDoNotFitItsShapeFails() {
        let json = Data(#"{"shape":[2,2],"scalars":[1,2,3]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Tensor.self, from: json) }
        // Shapes whose size overflows an Int, or is negative, fail to decode too (no trap).
        for shape in ["[1099511627776,1099511627776,0]", "[4611686018427387904,4,1]", "[-1,-1]", "[0,-3]"] {
            let json = Data(#"{"shape":\#(shape),"scalars":[]}"#.utf8)
            #expect(throws: DecodingError.self, "\(shape)") { try JSONDecoder().decode(Tensor.self, from: json) }
        }
    }

    @Test func argmaxPicksTheFirstLargestElement() {
        #expect(Tensor([0.1, 0.7, 0.7, 0.2]).argmax == 1)
    }
}

import Foundation
