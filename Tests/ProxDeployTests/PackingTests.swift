import ProxCore
import ProxDeploy
import ProxTrain
import Testing

@Suite struct PackingTests {
    @Test func signsPackWithZeroPaddingAndUnpack() {
        let m = SignMatrix(rows: 2, bits: 67)
        var values = [Float](repeating: 1, count: 67)
        values[0] = -2; values[1] = 0; values[2] = -0.0; values[3] = .nan; values[64] = -1; values[66] = -.infinity
        m.pack(row: 1, from: values)
        let expected: [Float] = values.map { $0 >= 0 ? 1 : -1 }
        #expect((0..<67).map { m.sign(row: 1, $0) } == expected)
        #expect(m.row(1)[0] == 0b1001)
        #expect(m.row(1)[1] == 0b101, "bits past 67 must stay zero")
        #expect(m.row(0)[0] == 0 && m.row(0)[1] == 0)
        var back = [Float](repeating: 0, count: 67)
        back.withUnsafeMutableBufferPointer { m.unpack(row: 1, into: $0.baseAddress!) }
        #expect(back == expected)
    }

    /// The vectorized packers and unpackers of every form against the definition, bit by bit.
    @Test(arguments: PopcountForm.supported)
    func everyFormPacksAndUnpacksAlike(form: PopcountForm) {
        var rng = SplitMix64(seed: 5)
        let specials: [Float] = [0, -0.0, .nan, .infinity, -.infinity, 1e-40, -1e-40]
        for count in [1, 7, 8, 15, 16, 63, 64, 65, 100, 200] {
            let x = (0..<count).map { i in i % 9 == 0 ? specials[i % specials.count] : 2 * rng.nextUnitFloat() - 1 }
            var words = [UInt64](repeating: .max, count: (count + 63) / 64)
            x.withUnsafeBufferPointer { xs in
                words.withUnsafeMutableBufferPointer { SignWords.pack(xs.baseAddress!, count: count, into: $0.baseAddress!, form: form) }
            }
            var expected = [UInt64](repeating: 0, count: words.count)
            for (i, v) in x.enumerated() where !(v >= 0) { expected[i / 64] |= 1 << UInt64(i % 64) }
            #expect(words == expected, "\(form), \(count) signs")
            var back = [Float](repeating: 0, count: count)
            words.withUnsafeBufferPointer { w in
                back.withUnsafeMutableBufferPointer { SignWords.unpack(w.baseAddress!, count: count, into: $0.baseAddress!, form: form) }
            }
            #expect(back == x.map { $0 >= 0 ? 1 : -1 }, "\(form), \(count) signs unpacked")
        }
    }

    /// Appending runs of bits at every offset modulo 64, against a bit-by-bit copy.
    @Test func appendPlacesBitsAtAnyOffset() {
        var rng = SplitMix64(seed: 3)
        for count in [1, 5, 16, 63, 64, 65, 130] {
            for offset in [0, 1, 7, 31, 60, 63, 64, 100] {
                let source = (0..<((count + 63) / 64 + 1)).map { _ in rng.next() }
                var target = [UInt64](repeating: 0, count: (offset + count + 63) / 64 + 1)
                source.withUnsafeBufferPointer { s in
                    target.withUnsafeMutableBufferPointer { SignWords.append(s.baseAddress!, count: count, to: $0.baseAddress!, at: offset) }
                }
                var expected = [UInt64](repeating: 0, count: target.count)
                for b in 0..<count where source[b / 64] >> UInt64(b % 64) & 1 == 1 {
                    expected[(offset + b) / 64] |= 1 << UInt64((offset + b) % 64)
                }
                #expect(target == expected, "count \(count), offset \(offset)")
            }
        }
    }

    /// Pooling and flattening signs, against the float layers on +-1 images.
    @Test func signPoolingAndFlatteningMatchTheFloatLayers() {
        var rng = SplitMix64(seed: 4)
        let (n, c, h, w) = (3, 70, 5, 6)
        let values = randomSigns(n * c * h * w, rng: &rng).map { Float($0 >= 0 ? 1 : -1) }
        let x = Tensor(shape: [n, c, h, w], values: values) // channel-major, [c, n, h, w], as between the trained layers
        let pixels = SignMatrix(rows: n * h * w, bits: c)
        SignImages.pack(x.data, images: n, channels: c, height: h, width: w, into: pixels)
        let back = Tensor(shape: [n, c, h, w])
        SignImages.unpack(pixels, images: n, channels: c, height: h, width: w, into: back.data)
        #expect(mismatch(values, back.toArray()) == nil)

        let pool = MaxPool2x2(channels: c, height: h, width: w)
        pool.prepare(batch: n)
        let pooled = pool.forward(x, batch: n)
        let signs = SignMatrix(rows: n * (h / 2) * (w / 2), bits: c)
        SignImages.maxPool(pixels, images: n, height: h, width: w, into: signs)
        let unpooled = Tensor(shape: [n, c, h / 2, w / 2])
        SignImages.unpack(signs, images: n, channels: c, height: h / 2, width: w / 2, into: unpooled.data)
        #expect(mismatch(Array(pooled.toArray()[0..<unpooled.count]), unpooled.toArray()) == nil)

        let flat = SignMatrix(rows: n, bits: h * w * c)
        SignImages.flatten(pixels, images: n, pixels: h * w, into: flat)
        var expected: [Float] = [], actual: [Float] = []
        for image in 0..<n {
            for p in 0..<(h * w) {
                for ch in 0..<c {
                    expected.append(values[(ch * n + image) * h * w + p])
                    actual.append(flat.sign(row: image, p * c + ch))
                }
            }
        }
        #expect(mismatch(expected, actual) == nil)
    }
}
