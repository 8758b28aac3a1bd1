/// A min-heap of timed items ordered by (time, sequence number).
///
/// The sequence number is the deterministic tie-break, so two runs from one seed pop items in
/// exactly the same order. Used by the simulator and by the real-time driver's timer thread.
public struct EventQueue<Item> {
    private var heap: [(time: Micros, seq: UInt64, item: Item)] = []
    private var nextSeq: UInt64 = 0

    public init() {}

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    /// The time of the earliest item.
    public var nextTime: Micros? { heap.first?.time }

    public mutating func push(_ item: Item, at time: Micros) {
        heap.append((time, nextSeq, item))
        nextSeq &+= 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !less(i, parent) { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    public mutating func pop() -> (time: Micros, item: Item)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && less(l, m) { m = l }
            if r < n && less(r, m) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return (top.time, top.item)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].time < heap[b].time || (heap[a].time == heap[b].time && heap[a].seq < heap[b].seq)
    }
}
