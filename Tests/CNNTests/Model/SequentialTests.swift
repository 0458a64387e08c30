import CNN
import Foundation
import Testing

@Suite struct SequentialTests {
    @Test func theReferenceModelHasKerasShapesAndParameterCounts() {
        let model = Sequential.referenceModel()
        #expect(model.shapes == [[28, 28, 1], [26, 26, 4], [26, 26, 4], [2704], [10], [10]])
        #expect(model.layers.map(\.name) == ["conv2d", "re_lu", "flatten", "dense", "softmax"])
        // 3·3·1·4 + 4 and 2704·10 + 10, as Keras' summary shows.
        #expect(model.parameterCount == 40 + 27_050)
        #expect(model.convolution?.kernel.shape == [3, 3, 1, 4])
        #expect(model.dense?.kernel.shape == [2704, 10])
    }

    @Test func theDenseModelIsFlattenDenseSoftmax() {
        let model = Sequential.denseModel()
        #expect(model.layers.map(\.name) == ["flatten", "dense", "softmax"])
        #expect(model.parameterCount == 7850)
    }

    @Test func theSameSeedBuildsTheSameModel() {
        let a = Sequential.referenceModel(seed: 3), b = Sequential.referenceModel(seed: 3)
        #expect(a.convolution?.kernel == b.convolution?.kernel && a.dense?.weights == b.dense?.weights)
        #expect(a.convolution?.kernel != Sequential.referenceModel(seed: 4).convolution?.kernel)
    }

    @Test func activationsGiveEveryLayersOutputForOneImage() throws {
        let model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: 1)
        let image = try MNIST.sample(in: sampleDirectory).normalized().image(at: 0)
        let activations = model.activations(for: image)
        #expect(activations.map(\.shape) == [[26, 26, 4], [26, 26, 4], [2704], [10], [10]])
        let featureMaps = Conv2D.apply(image, kernel: model.convolution!.kernel, bias: model.convolution!.bias)
        #expect(activations[0] == featureMaps)
        #expect(activations[1] == relu(featureMaps))
        #expect(abs(activations[4].scalars.reduce(0, +) - 1) < 1e-5)
    }

    @Test func predictingADataSetAgreesWithPredictingItsTensors() throws {
        let data = try MNIST.sample(in: sampleDirectory).normalized().subset(0..<37)
        let model = Sequential.referenceModel(seed: 2)
        let fromData = model.predict(data, batchSize: 16)
        let fromTensor = model.predict(Tensor.stack((0..<data.count).map(data.image)))
        #expect(relativeError(fromData, fromTensor) < 1e-5)
    }

    @Test func evaluateIsTheMeanLossAndAccuracyOfThePredictions() throws {
        let data = try MNIST.sample(in: sampleDirectory).normalized().subset(0..<50)
        let model = Sequential.referenceModel(seed: 2)
        let p = model.predict(data)
        let evaluation = model.evaluate(data, batchSize: 16)
        let loss = sparseCategoricalCrossEntropy(probabilities: p, labels: data.labels)
        let correct = (0..<data.count).filter { p.sample($0).argmax == data.label(at: $0) }.count
        #expect(abs(evaluation.loss - Double(loss)) < 1e-5)
        #expect(evaluation.accuracy == Double(correct) / 50)
    }

    @Test func modelsRoundTripThroughJSON() throws {
        var model = Sequential.referenceModel(seed: 5)
        model.train(steps: 2, on: try MNIST.sample(in: sampleDirectory).normalized(), batchSize: 8)
        let json = try JSONEncoder().encode(model)
        let decoded = try JSONDecoder().decode(Sequential.self, from: json)
        #expect(decoded.shapes == model.shapes)
        #expect(decoded.convolution?.kernel == model.convolution?.kernel)
        #expect(decoded.dense?.weights == model.dense?.weights && decoded.dense?.bias == model.dense?.bias)
        #expect(String(decoding: json, as: UTF8.self).contains(#""type":"conv2d""#))
    }

    @Test func decodingAModelWithAnUnknownLayerFails() {
        let json = Data(#"{"inputShape":[28,28,1],"layers":[{"type":"dropout"}]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Sequential.self, from: json) }
    }

    @Test func decodingAModelWithAnInputShapeNoSampleHasFails() {
        // Empty, zero or negative axes, and sizes past what an Int counts (Flatten would multiply them).
        for shape in ["[]", "[0,28,1]", "[-28,-28,1]", "[4611686018427387904,4611686018427387904,1]"] {
            let json = Data(#"{"inputShape":\#(shape),"layers":[{"type":"flatten"},{"type":"re_lu"}]}"#.utf8)
            #expect(throws: DecodingError.self, "\(shape)") { try JSONDecoder().decode(Sequential.self, from: json) }
        }
    }

    @Test func decodingAModelWhoseLayersDoNotFitTogetherFails() throws {
        // A dense layer straight on 28x28x1 images, without Flatten.
        var json = String(decoding: try JSONEncoder().encode(Sequential.denseModel()), as: UTF8.self)
        json = json.replacingOccurrences(of: #"{"type":"flatten"},"#, with: "")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Sequential.self, from: Data(json.utf8)) }
    }

    @Test func handMadeParametersCanReplaceALayers() {
        var model = Sequential.referenceModel()
        let kernel = Tensor(shape: [3, 3, 1, 4], repeating: 0.5)
        model.setParameters([kernel, Tensor(shape: [4])], ofLayer: 0)
        #expect(model.convolution?.kernel == kernel)
    }
}
