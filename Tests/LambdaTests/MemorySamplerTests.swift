import Synchronization
import Testing
@testable import Lambda

/// `MemorySampler`: one `/proc` reading per interval, shared by the invocations in it.
@Suite struct MemorySamplerTests {
    /// A settable clock and a reader that counts its calls and returns a settable value.
    final class Fake: Sendable {
        let now = Atomic<UInt64>(1_000)
        let reads = Atomic<Int>(0)
        let megabytes = Atomic<Int>(100)

        func sampler(interval: Duration) -> MemorySampler {
            MemorySampler(
                interval: interval, clock: { self.now.load(ordering: .relaxed) },
                read: {
                    self.reads.add(1, ordering: .relaxed)
                    return self.megabytes.load(ordering: .relaxed)
                })
        }
    }

    @Test func readingIsReusedWithinTheIntervalAndRefreshedAfterIt() {
        let fake = Fake()
        let sampler = fake.sampler(interval: .milliseconds(10))
        #expect(sampler.residentMegabytes() == 100)
        #expect(fake.reads.load(ordering: .relaxed) == 1)

        fake.megabytes.store(180, ordering: .relaxed)
        fake.now.add(9_999_999, ordering: .relaxed)
        #expect(sampler.residentMegabytes() == 100, "still inside the 10 ms interval: the cached reading")
        #expect(fake.reads.load(ordering: .relaxed) == 1)

        fake.now.add(1, ordering: .relaxed)
        #expect(sampler.residentMegabytes() == 180, "the interval has passed: a new reading")
        #expect(fake.reads.load(ordering: .relaxed) == 2)
        #expect(sampler.residentMegabytes() == 180)
        #expect(fake.reads.load(ordering: .relaxed) == 2)
    }

    @Test func zeroIntervalReadsEveryTime() {
        let fake = Fake()
        let sampler = fake.sampler(interval: .zero)
        for value in [5, 6, 7] {
            fake.megabytes.store(value, ordering: .relaxed)
            #expect(sampler.residentMegabytes() == value)
        }
        #expect(fake.reads.load(ordering: .relaxed) == 3)
    }

    @Test func sharedSamplerReportsTheProcessResidentSize() {
        let sampled = MemorySampler.shared.residentMegabytes()
        let direct = ProcessMemory.residentMegabytes()
        #expect(sampled > 0)
        // Both are real readings of this process, taken at most an interval apart.
        #expect(abs(sampled - direct) < 512, "sampled \(sampled) MB, direct \(direct) MB")
    }
}
