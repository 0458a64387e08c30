import CNN
import Testing

@Suite struct TensorTests {
    @Test func elementsAreStoredRowMajorWithChannelsLast() {
        var image = Tensor(shape: [2, 3, 4])
        image[1, 2, 3] = 7
        #expect(image.scalars[(1 * 3 + 2) * 4 + 3] == 7)
        #expect(image.offset([1, 0, 2]) == 14)
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

    @Test func decodingATensorWhoseScalarsDoNotFitItsShapeFails() {
        let json = Data(#"{"shape":[2,2],"scalars":[1,2,3]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Tensor.self, from: json) }
    }

    @Test func argmaxPicksTheFirstLargestElement() {
        #expect(Tensor([0.1, 0.7, 0.7, 0.2]).argmax == 1)
    }
}

import Foundation
