/// Where one channel of one example of an image batch lies in a buffer.
///
/// A batch of `batch` images of `channels` planes of `plane` pixels each,
/// stored example-major (NCHW, as PyTorch and the data sets store images):
/// the plane of channel c of example r starts at (r * channels + c) * plane.
/// Every image layer addresses its planes through here.
struct ImageLayout {
    let channels: Int
    let plane: Int
    let batch: Int

    /// The first element of the plane of `channel` in `example`.
    @inline(__always)
    func offset(example r: Int, channel c: Int) -> Int { (r * channels + c) * plane }
}
