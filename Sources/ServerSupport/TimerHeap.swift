/// A binary min-heap of connection deadlines: the loop's one timer structure.
///
/// Entries are never removed early; a connection remembers its earliest scheduled deadline and
/// stale entries are skipped when they surface, so each connection has about one entry.
public struct TimerHeap {
    public struct Entry {
        public var deadline: UInt64
        public var fd: Int32
        public var id: UInt64

        public init(deadline: UInt64, fd: Int32, id: UInt64) {
            self.deadline = deadline
            self.fd = fd
            self.id = id
        }
    }

    private var items: [Entry] = []

    public init() {}

    public var count: Int { items.count }

    public func peek() -> Entry? { items.first }

    public mutating func push(_ entry: Entry) {
        items.append(entry)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent].deadline <= items[child].deadline { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    @discardableResult
    public mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left].deadline < items[smallest].deadline { smallest = left }
                if right < items.count && items[right].deadline < items[smallest].deadline { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
