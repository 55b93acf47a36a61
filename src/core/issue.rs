//! Validation issues: what is wrong with an input, named in the caller's (JS) field names.

models! {
    [#[derive(Copy, Eq)]]

    /// What rule a field broke.
    pub enum IssueCode {
        /// A required field is missing, null or empty.
        Required,
        /// Longer than the limit, counted in Unicode characters (code points).
        TooLong,
        /// The value has the wrong JS type (e.g. a number where a string is expected).
        InvalidType,
        /// Not one of the allowed values.
        InvalidValue,
        /// Not a syntactically valid e-mail address.
        InvalidEmail,
        /// Contains characters that cannot be sent safely (control characters, line breaks, ...).
        InvalidCharacters,
        /// Not allowed in this combination (e.g. `internalId` with `identifierType: "internalId"`).
        NotAllowed,
        /// A property the input type does not have (usually a typo).
        UnknownField,
        /// More items than allowed (e.g. more than 25 attachments); `limit`/`actual` are counts.
        TooMany,
        /// Too big in total (e.g. attachments over 25 MiB); `limit`/`actual` are in KiB.
        TooLarge,
    }
}

impl IssueCode {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::Required => "required",
            IssueCode::TooLong => "tooLong",
            IssueCode::InvalidType => "invalidType",
            IssueCode::InvalidValue => "invalidValue",
            IssueCode::InvalidEmail => "invalidEmail",
            IssueCode::InvalidCharacters => "invalidCharacters",
            IssueCode::NotAllowed => "notAllowed",
            IssueCode::UnknownField => "unknownField",
            IssueCode::TooMany => "tooMany",
            IssueCode::TooLarge => "tooLarge",
        }
    }
}

models_skip_none! {
    [#[derive(Eq)]]

    /// One problem with one field. `field` is the JS property path the caller used
    /// (e.g. `"name"`, `"customFields.abc"`).
    pub struct Issue {
        pub field: String,
        pub code: IssueCode,
        pub message: String,
        /// The limit that was broken (max characters), when the rule has one.
        pub limit: Option<u32>,
        /// The measured value (characters counted), when the rule has a limit.
        pub actual: Option<u32>,
    }
}

/// Collects every issue of one input, in field order.
#[derive(Default, Debug, Clone)]
pub struct Issues(pub Vec<Issue>);

impl Issues {
    pub fn new() -> Self {
        Issues(Vec::new())
    }
    pub fn push(&mut self, field: &str, code: IssueCode, message: impl Into<String>) {
        self.0.push(Issue { field: field.to_owned(), code, message: message.into(), limit: None, actual: None });
    }
    pub fn push_limit(&mut self, field: &str, code: IssueCode, message: impl Into<String>, limit: u32, actual: u32) {
        self.0.push(Issue {
            field: field.to_owned(),
            code,
            message: message.into(),
            limit: Some(limit),
            actual: Some(actual),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_vec(self) -> Vec<Issue> {
        self.0
    }
    /// `Ok(value)` when no issue was found, else every issue.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<Issue>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}
