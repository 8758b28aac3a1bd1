/// A fixed-capacity FIFO that overwrites its oldest element when full.
///
/// Log streams and metric series keep only their most recent entries so that a long-running
/// emulator has bounded memory; `droppedCount` tells readers how much history was lost.
public struct RingBuffer<Element: Sendable>: Sendable {
    /// The most elements kept at once.
    public let capacity: Int
    private var storage: [Element] = []
    private var head = 0
    /// How many elements were overwritten since creation.
    public private(set) var droppedCount = 0

    /// Creates an empty buffer; `capacity` is clamped to at least 1.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage.reserveCapacity(min(self.capacity, 1024))
    }

    /// The number of elements currently held.
    public var count: Int { storage.count }

    /// True when no element is held.
    public var isEmpty: Bool { storage.isEmpty }

    /// Appends `element`, overwriting the oldest one when the buffer is full.
    public mutating func append(_ element: Element) {
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[head] = element
            head = (head + 1) % capacity
            droppedCount += 1
        }
    }

    /// The elements from oldest to newest.
    public var elements: [Element] {
        if head == 0 { return storage }
        return Array(storage[head...]) + Array(storage[..<head])
    }

    /// The newest element, if any.
    public var last: Element? {
        if storage.isEmpty { return nil }
        if storage.count < capacity || head == 0 { return storage[storage.count - 1] }
        return storage[head - 1]
    }

    /// The oldest element, if any.
    public var first: Element? {
        if storage.isEmpty { return nil }
        return storage[head]
    }

    /// Removes every element (the dropped count is kept).
    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        head = 0
    }

    /// Keeps only the elements for which `keep` is true, preserving order.
    public mutating func retain(where keep: (Element) -> Bool) {
        let kept = elements.filter(keep)
        droppedCount += count - kept.count
        storage = kept
        head = 0
    }
}
