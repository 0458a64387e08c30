import Foundation

/// The PGM files linked from live outputs, in memory: a reader's values make pictures no build
/// wrote, and they are served from here, by name, never from the disk.
///
/// Bounded: the oldest go first past `capacity` bytes, so a class exploring all afternoon cannot
/// fill the teacher's memory. A link to a picture gone is a 404, and the cell redrawn has it again.
final class ImageShelf: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var images: [String: Data] = [:]
    private var order: [String] = []
    private var start = 0
    private var bytes = 0
    let capacity: Int

    init(capacity: Int = 64 << 20) { self.capacity = capacity }

    func put(_ name: String, _ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        guard images[name] == nil else { return }
        images[name] = data
        order.append(name)
        bytes += data.count
        while bytes > capacity, start < order.count {
            if let gone = images.removeValue(forKey: order[start]) { bytes -= gone.count }
            start += 1
        }
        if start > 4096 {
            order.removeFirst(start)
            start = 0
        }
    }

    func get(_ name: String) -> Data? {
        lock.lock()
        defer { lock.unlock() }
        return images[name]
    }
}
