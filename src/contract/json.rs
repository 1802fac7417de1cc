//! Reading JSON into the data contract's serde types with the platform's own parser.
//!
//! Natively (the content tool, the prerenderer, the tests) that is `serde_json`. In the browser it
//! is `JSON.parse`, followed by a small serde [`Deserializer`](de::Deserializer) over the parsed
//! JavaScript value ([`from_value`]): the same `Deserialize` impls, so `src/contract/model.rs` stays the
//! one description of the format, without `serde_json`'s parser (and its number tables) in the
//! wasm. Both report errors as text for the collapsed technical detail.
//!
//! The browser reads what the contract describes and no more: an object where a struct is
//! expected (`serde_json` also takes an array of its fields), integers where numbers are
//! expected (the contract has no fractional numbers), strings, booleans, arrays and `null`.
//!
//! [`Deferred`] is a JSON value kept unparsed until its type is known (a notice block's fields,
//! the files embedded in a prerendered page).

#[cfg(target_arch = "wasm32")]
use serde::de;
use serde::de::DeserializeOwned;
#[cfg(not(target_arch = "wasm32"))]
use serde::Serialize;

/// Parses JSON text into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    #[cfg(target_arch = "wasm32")]
    {
        from_value(js::parse(text)?)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// A JSON value kept as it is until [`Deferred::parse`] is given its type: the raw text natively,
/// the parsed JavaScript value in the browser.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Deferred(Box<serde_json::value::RawValue>);

/// A JSON value kept as it is until [`Deferred::parse`] is given its type: the raw text natively,
/// the parsed JavaScript value in the browser.
#[cfg(target_arch = "wasm32")]
#[derive(Debug)]
pub struct Deferred(wasm_bindgen::JsValue);

impl Deferred {
    /// Keeps a JSON text; `None` when it is not JSON.
    pub fn from_text(text: String) -> Option<Deferred> {
        #[cfg(target_arch = "wasm32")]
        {
            js::parse(&text).ok().map(Deferred)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            serde_json::value::RawValue::from_string(text)
                .ok()
                .map(Deferred)
        }
    }

    /// The JSON text (natively only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Parses the value as `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, String> {
        #[cfg(target_arch = "wasm32")]
        {
            from_value(self.0.clone())
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            from_str(self.0.get())
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl<'de> de::Deserialize<'de> for Deferred {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Take;
        impl<'de> de::Visitor<'de> for Take {
            type Value = Deferred;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Deferred, E> {
                js::DEFERRED
                    .with(|d| d.take())
                    .map(Deferred)
                    .ok_or_else(|| E::custom("a JSON value"))
            }
        }
        deserializer.deserialize_newtype_struct(js::DEFERRED_NAME, Take)
    }
}

/// Reads a parsed JavaScript value into `T` (see the module docs).
#[cfg(target_arch = "wasm32")]
pub fn from_value<T: DeserializeOwned>(value: wasm_bindgen::JsValue) -> Result<T, String> {
    T::deserialize(js::Value(value)).map_err(|e| e.0)
}

#[cfg(target_arch = "wasm32")]
mod js {
    use std::cell::RefCell;
    use std::fmt;

    use js_sys::{Array, Object, Reflect};
    use serde::de::{self, IntoDeserializer, Visitor};
    use wasm_bindgen::{JsCast, JsValue};

    /// The newtype name by which [`super::Deferred`] asks for the value itself.
    pub const DEFERRED_NAME: &str = "$bulletin::contract::json::Deferred";

    thread_local! {
        /// The value handed to [`super::Deferred`]'s visitor.
        pub static DEFERRED: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    }

    /// `JSON.parse`, its `SyntaxError` message as the error.
    pub fn parse(text: &str) -> Result<JsValue, String> {
        js_sys::JSON::parse(text).map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "not JSON".to_string())
        })
    }

    /// A deserialization error: serde's own message.
    #[derive(Debug)]
    pub struct Error(pub String);

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for Error {}

    impl de::Error for Error {
        fn custom<T: fmt::Display>(msg: T) -> Self {
            Error(msg.to_string())
        }

        fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
            let found = unexpected(unexp);
            Error(format!("invalid type: {found}, expected {exp}"))
        }

        fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
            let found = unexpected(unexp);
            Error(format!("invalid value: {found}, expected {exp}"))
        }
    }

    /// What serde's `Unexpected` says of itself, without its `Display`, which formats floating
    /// point numbers (the whole `f64` formatter) and strings with `{:?}` (escaping): the JSON
    /// here never gives a visitor a float (see [`Kind::mismatch`]).
    fn unexpected(unexp: de::Unexpected) -> String {
        use de::Unexpected as U;
        match unexp {
            U::Bool(b) => format!("boolean `{b}`"),
            U::Unsigned(n) => format!("integer `{n}`"),
            U::Signed(n) => format!("integer `{n}`"),
            U::Float(_) => "floating point number".to_string(),
            U::Char(c) => format!("character `{c}`"),
            U::Str(s) => format!("string \"{s}\""),
            U::Bytes(_) => "byte array".to_string(),
            U::Unit => "unit value".to_string(),
            U::Option => "Option value".to_string(),
            U::NewtypeStruct => "newtype struct".to_string(),
            U::Seq => "sequence".to_string(),
            U::Map => "map".to_string(),
            U::Enum => "enum".to_string(),
            U::UnitVariant => "unit variant".to_string(),
            U::NewtypeVariant => "newtype variant".to_string(),
            U::TupleVariant => "tuple variant".to_string(),
            U::StructVariant => "struct variant".to_string(),
            U::Other(other) => other.to_string(),
        }
    }

    /// A parsed JSON value as a serde deserializer.
    pub struct Value(pub JsValue);

    /// The largest integer a JSON number holds exactly.
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

    /// Integer requests: an integer number (the visitor checks its range), nothing else.
    macro_rules! integers {
        ($($method:ident)*) => {$(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                match classify(self.0) {
                    Kind::Unsigned(n) => visitor.visit_u64(n),
                    Kind::Signed(n) => visitor.visit_i64(n),
                    other => Err(other.mismatch("an integer")),
                }
            }
        )*};
    }

    impl<'de> de::Deserializer<'de> for Value {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match classify(self.0) {
                Kind::String(s) => visitor.visit_string(s),
                Kind::Unsigned(n) => visitor.visit_u64(n),
                Kind::Signed(n) => visitor.visit_i64(n),
                // The contract has no fractional numbers; serde's own message for one would
                // bring Rust's float formatting (~10 KB) into the wasm for nothing.
                Kind::Float(n) => Err(Error(format!(
                    "invalid type: number {n}, expected an integer"
                ))),
                Kind::Bool(b) => visitor.visit_bool(b),
                Kind::Null => visitor.visit_unit(),
                Kind::Array(seq) => visitor.visit_seq(seq),
                Kind::Object(map) => visitor.visit_map(map),
            }
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            if self.0.is_null() || self.0.is_undefined() {
                visitor.visit_none()
            } else {
                visitor.visit_some(self)
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            if name == DEFERRED_NAME {
                DEFERRED.with(|d| *d.borrow_mut() = Some(self.0));
                visitor.visit_unit()
            } else {
                visitor.visit_newtype_struct(self)
            }
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            // Unit variants are written as strings; the others (the search worker's messages) as
            // an object whose one key is the variant's name, holding its content.
            if let Some(s) = self.0.as_string() {
                return visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s));
            }
            match classify(self.0) {
                Kind::Object(map) if map.len == 1 => {
                    let key = map.keys.get(0);
                    let content = Reflect::get(&map.object, &key).unwrap_or(JsValue::UNDEFINED);
                    visitor.visit_enum(Variant {
                        name: key.as_string().unwrap_or_default(),
                        content,
                    })
                }
                _ => Err(de::Error::custom(
                    "expected a string or an object with one key",
                )),
            }
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_unit()
        }

        // A typed request calls the one visit method that fits (or fails without calling any),
        // so each visitor's other paths (e.g. a struct read from an array) never reach the wasm.

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_map(visitor)
        }

        fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match classify(self.0) {
                Kind::Object(map) => visitor.visit_map(map),
                other => Err(other.mismatch("an object")),
            }
        }

        fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match classify(self.0) {
                Kind::Array(seq) => visitor.visit_seq(seq),
                other => Err(other.mismatch("an array")),
            }
        }

        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_seq(visitor)
        }

        fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match classify(self.0) {
                Kind::String(s) => visitor.visit_string(s),
                other => Err(other.mismatch("a string")),
            }
        }

        fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_string(visitor)
        }

        fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_string(visitor)
        }

        fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_string(visitor)
        }

        fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match classify(self.0) {
                Kind::Bool(b) => visitor.visit_bool(b),
                other => Err(other.mismatch("a boolean")),
            }
        }

        fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match classify(self.0) {
                Kind::Null => visitor.visit_unit(),
                other => Err(other.mismatch("null")),
            }
        }

        integers! {
            deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
            deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        }

        serde::forward_to_deserialize_any! {
            i128 u128 f32 f64 bytes byte_buf unit_struct tuple_struct
        }
    }

    /// What a JavaScript value is, found once outside the generic code (which every visitor
    /// copies).
    enum Kind {
        String(String),
        Unsigned(u64),
        Signed(i64),
        /// A number with a fraction or beyond the exact integers, as JavaScript writes it.
        Float(String),
        Bool(bool),
        Null,
        Array(Seq),
        Object(Map),
    }

    impl Kind {
        /// The error for a value of the wrong type.
        #[inline(never)]
        fn mismatch(self, expected: &str) -> Error {
            let found = match self {
                Kind::String(s) => format!("string `{s}`"),
                Kind::Unsigned(n) => format!("number {n}"),
                Kind::Signed(n) => format!("number {n}"),
                Kind::Float(n) => format!("number {n}"),
                Kind::Bool(b) => format!("boolean `{b}`"),
                Kind::Null => "null".to_string(),
                Kind::Array(_) => "an array".to_string(),
                Kind::Object(_) => "an object".to_string(),
            };
            Error(format!("invalid type: {found}, expected {expected}"))
        }
    }

    #[inline(never)]
    fn classify(v: JsValue) -> Kind {
        if let Some(s) = v.as_string() {
            Kind::String(s)
        } else if let Some(n) = v.as_f64() {
            if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
                if n >= 0.0 {
                    Kind::Unsigned(n as u64)
                } else {
                    Kind::Signed(n as i64)
                }
            } else {
                Kind::Float(String::from(
                    js_sys::Number::from(n)
                        .to_string_with_radix(10)
                        .unwrap_or_default(),
                ))
            }
        } else if let Some(b) = v.as_bool() {
            Kind::Bool(b)
        } else if Array::is_array(&v) {
            let array: Array = v.unchecked_into();
            Kind::Array(Seq {
                len: array.length(),
                array,
                next: 0,
            })
        } else if v.is_object() {
            let keys = Object::keys(v.unchecked_ref::<Object>());
            Kind::Object(Map {
                object: v,
                len: keys.length(),
                keys,
                next: 0,
                value: None,
            })
        } else {
            // null, undefined (a missing value) and what JSON cannot hold.
            Kind::Null
        }
    }

    /// An enum's variant other than a unit variant: its name and its content.
    struct Variant {
        name: String,
        content: JsValue,
    }

    impl<'de> de::EnumAccess<'de> for Variant {
        type Error = Error;
        type Variant = Value;

        fn variant_seed<V: de::DeserializeSeed<'de>>(
            self,
            seed: V,
        ) -> Result<(V::Value, Value), Error> {
            let name = seed.deserialize(IntoDeserializer::<Error>::into_deserializer(self.name))?;
            Ok((name, Value(self.content)))
        }
    }

    impl<'de> de::VariantAccess<'de> for Value {
        type Error = Error;

        fn unit_variant(self) -> Result<(), Error> {
            // `{"Variant": null}`, as serde_json takes it.
            match classify(self.0) {
                Kind::Null => Ok(()),
                other => Err(other.mismatch("null")),
            }
        }

        fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
            self,
            seed: T,
        ) -> Result<T::Value, Error> {
            seed.deserialize(self)
        }

        fn tuple_variant<V: Visitor<'de>>(
            self,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            de::Deserializer::deserialize_seq(self, visitor)
        }

        fn struct_variant<V: Visitor<'de>>(
            self,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            de::Deserializer::deserialize_map(self, visitor)
        }
    }

    struct Seq {
        array: Array,
        len: u32,
        next: u32,
    }

    impl<'de> de::SeqAccess<'de> for Seq {
        type Error = Error;

        fn next_element_seed<T: de::DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, Error> {
            if self.next >= self.len {
                return Ok(None);
            }
            let item = self.array.get(self.next);
            self.next += 1;
            seed.deserialize(Value(item)).map(Some)
        }

        fn size_hint(&self) -> Option<usize> {
            Some((self.len - self.next) as usize)
        }
    }

    struct Map {
        object: JsValue,
        keys: Array,
        len: u32,
        next: u32,
        value: Option<JsValue>,
    }

    impl<'de> de::MapAccess<'de> for Map {
        type Error = Error;

        fn next_key_seed<K: de::DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Error> {
            if self.next >= self.len {
                return Ok(None);
            }
            let key = self.keys.get(self.next);
            self.next += 1;
            self.value = Some(Reflect::get(&self.object, &key).unwrap_or(JsValue::UNDEFINED));
            let key = key.as_string().unwrap_or_default();
            seed.deserialize(IntoDeserializer::<Error>::into_deserializer(key))
                .map(Some)
        }

        fn next_value_seed<V: de::DeserializeSeed<'de>>(
            &mut self,
            seed: V,
        ) -> Result<V::Value, Error> {
            seed.deserialize(Value(self.value.take().unwrap_or(JsValue::UNDEFINED)))
        }

        fn size_hint(&self) -> Option<usize> {
            Some((self.len - self.next) as usize)
        }
    }
}
