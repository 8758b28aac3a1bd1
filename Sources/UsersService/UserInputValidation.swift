/// The seed's `validate_user_input`, plus the body checks `POST /users` makes before it.
///
/// Order matters (clients see the first failure): body present, valid JSON, an object, name,
/// email, name length, email length, email shape. Values are stripped for the checks only; the
/// insert uses the raw strings, as the seed does.
public enum UserInputValidation {
    /// The outcome of validating a `POST /users` body.
    public enum Outcome: Sendable, Equatable {
        /// Valid: the raw (unstripped) name and email to insert.
        case valid(name: String, email: String)
        /// A 400 with this `error` message.
        case rejected(String)
        /// The seed would raise an exception its handler does not catch before the catch-all: a
        /// generic 500 whose `details` is Python's message, e.g. `'int' object has no attribute
        /// 'strip'` (a non-string name or email) or the `RecursionError` of a body nested deeper
        /// than `json.loads` can go.
        case typeError(String)
    }

    /// The members of a body `validate_user_input` and the insert read.
    static let bodyKeys = ["name", "email"]

    /// Validates the proxy event's `body` value.
    public static func validate(body: PyJSON?) -> Outcome {
        let text: String
        switch body {
        case nil, .null?, .string("")?: return .rejected("Request body is required")
        case .string(let s)?: text = s
        case .bool(false)?, .int(0)?, .array([])?: return .rejected("Request body is required")
        case .object(let pairs)? where pairs.isEmpty: return .rejected("Request body is required")
        case let other?: return .typeError("the JSON object must be str, bytes or bytearray, not \(pythonTypeName(other))")
        }
        let parsed: PyJSON
        do {
            // Only `name` and `email` are read; every other member is checked, not built.
            parsed = try PyJSONParser.parse(text, keepingTopLevelKeys: bodyKeys)
        } catch {
            // `except json.JSONDecodeError` catches decode errors only; a RecursionError reaches
            // the handler's catch-all.
            return error.isRecursion ? .typeError(error.reason) : .rejected("Invalid JSON in request body")
        }
        guard case .object = parsed else { return .rejected("Invalid request format") }
        return validate(object: parsed)
    }

    /// `validate_user_input(data)` on a parsed object.
    public static func validate(object data: PyJSON) -> Outcome {
        // name = data.get('name', '').strip(); email = data.get('email', '').strip()
        let rawName = data["name"] ?? .string("")
        let rawEmail = data["email"] ?? .string("")
        guard case .string(let name) = rawName else { return .typeError(attributeError(rawName)) }
        guard case .string(let email) = rawEmail else { return .typeError(attributeError(rawEmail)) }
        let strippedName = pythonStrip(name)
        let strippedEmail = pythonStrip(email)
        if strippedName.isEmpty { return .rejected("Name is required and cannot be empty") }
        if strippedEmail.isEmpty { return .rejected("Email is required and cannot be empty") }
        if strippedName.unicodeScalars.count > 100 { return .rejected("Name cannot exceed 100 characters") }
        if strippedEmail.unicodeScalars.count > 255 { return .rejected("Email cannot exceed 255 characters") }
        guard let at = strippedEmail.lastIndex(of: "@"), strippedEmail[strippedEmail.index(after: at)...].contains(".")
        else { return .rejected("Invalid email format") }
        return .valid(name: name, email: email)
    }

    /// Python's `str.strip()` with no argument (Unicode whitespace, including \x1c-\x1f).
    public static func pythonStrip(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        func isSpace(_ u: Unicode.Scalar) -> Bool { u.properties.isWhitespace || (0x1C...0x1F).contains(u.value) }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }

    /// Python's type name for a JSON value (`int`, `float`, `bool`, `list`, `dict`, `NoneType`, `str`).
    public static func pythonTypeName(_ value: PyJSON) -> String {
        switch value {
        case .null: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .array: "list"
        case .object: "dict"
        }
    }

    static func attributeError(_ value: PyJSON) -> String { "'\(pythonTypeName(value))' object has no attribute 'strip'" }
}
