import DSQL
import Foundation
import Glibc
import RegionStack
import Testing

/// Issue 10, finding 6: a full disk made writes fail with 500 and reads fail in both regions,
/// nothing was logged, `/prod/health` stayed 200, and writes never resumed after space was
/// freed. On a small tmpfs mounted by the test: fill it, check that the fault is logged once
/// with its path, health answers 503, writes fail with DSQL's unavailability and reads keep
/// working; free the space, check that writes resume without a restart; restart the stack and
/// check that every acknowledged write is there.
///
/// Mounting needs root (CI runs as root). Elsewhere the test says loudly that it was skipped.
@Suite(.serialized) struct DiskFullTests {
    /// Mounts a tmpfs of `megabytes` at a new directory; nil (with the reason) when not allowed.
    static func mountTmpfs(megabytes: Int) -> (String?, String) {
        let point = storageTestDirectory("tmpfs")
        let status = mount("tmpfs", point, "tmpfs", 0, "size=\(megabytes)m")
        if status != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: point)
            return (nil, "mount -t tmpfs failed: \(reason) (uid \(getuid()); needs root or CAP_SYS_ADMIN)")
        }
        return (point, "")
    }

    /// Writes a filler file until the file system refuses (ENOSPC); returns its size.
    static func fill(_ path: String) -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var total = 0
        for size in [1 << 20, 64 << 10, 4 << 10, 512] {
            let chunk = [UInt8](repeating: 0xA5, count: size)
            while true {
                let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, size) }
                if n <= 0 { break }
                total += n
                if n < size { break }
            }
        }
        return total
    }

    @Test func aFullDiskIsAStateTheStackLeavesByItself() async throws {
        let (mounted, reason) = Self.mountTmpfs(megabytes: 48)
        guard let point = mounted else {
            print("SKIPPED DiskFullTests.aFullDiskIsAStateTheStackLeavesByItself: \(reason)")
            print("SKIPPED: the disk-full test did not run; run the tests as root (CI does) to run it")
            return
        }
        defer {
            umount2(point, Int32(MNT_DETACH))
            try? FileManager.default.removeItem(atPath: point)
        }
        let directory = point + "/data"
        var acknowledged: Set<String> = []
        let stack = try await DataDirectoryStack.boot(directory)
        let lines = FaultLines()
        stack.dsql?.setFaultLog { lines.append($0) }
        for i in 0..<20 {
            let email = "before-\(i)@example.com"
            let r = try await stack.createUser(i % 2 == 0 ? .primary : .secondary, email: email)
            #expect(r.status == 201, "\(r.text)")
            if r.status == 201 { acknowledged.insert(email) }
        }
        try await stack.converge()

        // Fill the disk.
        let filler = point + "/filler"
        let filled = Self.fill(filler)
        #expect(filled > 0)
        let degraded = try await DataDirectoryStack.eventually(.seconds(10)) { try await stack.adminHealth().status == 503 }
        #expect(degraded, "admin health never reported the full disk")
        let admin = try await stack.adminHealth()
        #expect(admin.text.contains("\(directory)/dsql/us-east-1") && admin.text.contains("no space left"), "\(admin.text)")

        // Health: 503 in both regions (the constant-row fast path too).
        for role in [StackRegionRole.primary, .secondary] {
            let health = try await stack.send(role, "GET", "/health")
            #expect(health.status == 503, "\(role) health on a full disk: \(health.text)")
        }
        // Writes: DSQL's unavailability, through the API and the SQL console.
        let refused = try await stack.createUser(.primary, email: "refused@example.com")
        #expect(refused.status != 201, "a write was acknowledged on a full disk: \(refused.text)")
        for region in ["us-east-1", "us-east-2"] {
            let result = try await stack.sql(region, "INSERT INTO users (name, email) VALUES ('x', 'sql-\(region)@example.com')")
            let error = result["error"] as? [String: Any]
            #expect(error?["sqlstate"] as? String == "XX000" && error?["message"] as? String == "server unavailable",
                    "\(region): \(result)")
        }
        // Reads keep working, in both regions.
        for role in [StackRegionRole.primary, .secondary] {
            let held = try await stack.emails(role)
            #expect(held.map { acknowledged.isSubset(of: $0) } == true, "\(role) reads on a full disk: \(String(describing: held))")
        }
        // Logged once per store and log, with the path, however many requests met it.
        try await Task.sleep(for: .milliseconds(600))
        let storeLines = lines.all.filter { $0.contains("us-east-1 store") && $0.contains("no space left") }
        #expect(storeLines.count == 1, "\(lines.all)")
        #expect(storeLines.first?.contains("\(directory)/dsql/us-east-1/us-east-1.sqlite") == true, "\(lines.all)")

        // Free the space: writes resume without a restart.
        unlink(filler)
        let recovered = try await DataDirectoryStack.eventually(.seconds(20)) { try await stack.adminHealth().status == 200 }
        let after = try await stack.adminHealth().text
        #expect(recovered, "health never recovered: \(after)")
        for role in [StackRegionRole.primary, .secondary] {
            #expect(try await stack.send(role, "GET", "/health").status == 200)
        }
        for i in 0..<10 {
            let email = "after-\(i)@example.com"
            let r = try await stack.createUser(i % 2 == 0 ? .primary : .secondary, email: email)
            #expect(r.status == 201, "write \(i) after space was freed: \(r.text)")
            if r.status == 201 { acknowledged.insert(email) }
        }
        #expect(lines.all.contains { $0.contains("writable again") }, "\(lines.all)")
        try await stack.converge()
        await stack.stop()

        // Restart: every acknowledged write is there, in both regions.
        let again = try await DataDirectoryStack.boot(directory)
        for role in [StackRegionRole.primary, .secondary] {
            var held: Set<String> = []
            _ = try await DataDirectoryStack.eventually(.seconds(10)) {
                held = try await again.emails(role) ?? []
                return acknowledged.isSubset(of: held)
            }
            #expect(acknowledged.isSubset(of: held), "\(role) lost \(acknowledged.subtracting(held).sorted())")
        }
        #expect(acknowledged.count == 30)
        await again.stop()
    }
}
