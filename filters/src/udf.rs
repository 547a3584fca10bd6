//! Scorers wrapped as DataFusion scalar UDFs, and the one registry that every
//! stage's plan takes its functions from ([`udfs`]).
//!
//! **NULL in, NULL out**: every function here returns NULL for a NULL text
//! (a NULL struct for the struct-valued ones; the stages that flatten a
//! struct carry the NULL into each of its columns). An empty text is a text:
//! it is scored. A scorer that fails on a row (a model that predicts
//! nothing) is an error naming the function and the row, never a default
//! value.

use std::sync::Arc;

use datafusion::arrow::array::{
    make_array, Array, ArrayRef, BooleanBuilder, Float32Builder, ListBuilder, StringArray,
    StringBuilder, StructArray, UInt32Builder, UInt64Builder, UInt8Builder,
};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{exec_err, Result};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use once_cell::sync::Lazy;

use crate::dedup::norm_hash_hex;
use crate::heuristics::{self, HeuristicsConfig};
use crate::minhash::{MinHashConfig, MinHasher};
use crate::{bias, classifier, pii};
use curate_schemas::{
    col, edu_fields, extract_fields, heuristics_fields, identity_type, langid_fields, pii_fields,
};

/// Every scalar function curate's plans may call, by SQL name.
pub fn udfs() -> Vec<ScalarUDF> {
    let mut v = vec![
        ScalarUDF::from(HeuristicsUdf::new(HeuristicsConfig::default())),
        ScalarUDF::from(TextFn::new("curate_norm_hash", DataType::Utf8, |t| {
            Val::Str(norm_hash_hex(t))
        })),
        ScalarUDF::from(MinHashUdf::new(MinHashConfig::default())),
        ScalarUDF::from(MinHashUdf::signature(MinHashConfig::default())),
        ScalarUDF::from(PiiUdf::new()),
        ScalarUDF::from(ModelUdf::new(ModelFn::Langid)),
        ScalarUDF::from(ModelUdf::new(ModelFn::Edu)),
        ScalarUDF::from(ModelUdf::new(ModelFn::LabelProb)),
        ScalarUDF::from(IdentityUdf::new()),
        ScalarUDF::from(ExtractUdf::new()),
        ScalarUDF::from(HoldoutUdf::new()),
    ];
    for (name, f) in RULE_SETS {
        v.push(ScalarUDF::from(TextFn::new(
            name,
            DataType::Boolean,
            move |t| Val::Bool(f(t)),
        )));
    }
    v
}

static DEFAULTS: Lazy<HeuristicsConfig> = Lazy::new(HeuristicsConfig::default);

type RuleSet = fn(&str) -> bool;
const RULE_SETS: [(&str, RuleSet); 4] = [
    (col::GOPHER_QUALITY_OK, |t| {
        heuristics::gopher_quality(t, &DEFAULTS.gopher_quality).is_none()
    }),
    (col::GOPHER_REPETITION_OK, |t| {
        heuristics::gopher_repetition(t, &DEFAULTS.gopher_repetition).is_none()
    }),
    (col::C4_OK, |t| heuristics::c4(t, &DEFAULTS.c4).is_none()),
    (col::FINEWEB_OK, |t| {
        heuristics::fineweb(t, &DEFAULTS.fineweb).is_none()
    }),
];

/// The argument as a Utf8 array (whatever string type it came as) and
/// whether it was a scalar.
fn utf8(arg: &ColumnarValue) -> Result<(StringArray, bool)> {
    let (arr, scalar) = match arg {
        ColumnarValue::Array(a) => (a.clone(), false),
        ColumnarValue::Scalar(s) => (s.to_array()?, true),
    };
    let arr = cast(&arr, &DataType::Utf8)?;
    match arr.as_any().downcast_ref::<StringArray>() {
        Some(a) => Ok((a.clone(), scalar)),
        None => exec_err!("expected a text argument, got {}", arr.data_type()),
    }
}

/// The text argument as a Utf8 array, whatever string type it came as.
fn text_arg(args: &ScalarFunctionArgs) -> Result<(StringArray, bool)> {
    let [arg] = args.args.as_slice() else {
        return exec_err!("expected one text argument");
    };
    utf8(arg)
}

/// The return field of a struct-valued function of a text: NULL where the
/// text may be NULL, and so is each of its fields, so that a plan which
/// unnests the struct into columns keeps the NULL (see [`null_through`]).
fn text_struct_field(name: &str, fields: &Fields, args: &ReturnFieldArgs) -> FieldRef {
    let nullable = text_nullable(args);
    Arc::new(Field::new(
        name,
        DataType::Struct(nullable_fields(fields, nullable)),
        nullable,
    ))
}

/// Whether the text (first) argument may be NULL.
fn text_nullable(args: &ReturnFieldArgs) -> bool {
    args.arg_fields.first().is_none_or(|f| f.is_nullable())
}

/// `fields`, each nullable where it is or where `nullable` says.
fn nullable_fields(fields: &Fields, nullable: bool) -> Fields {
    fields
        .iter()
        .map(|f| {
            Arc::new(
                f.as_ref()
                    .clone()
                    .with_nullable(f.is_nullable() || nullable),
            )
        })
        .collect()
}

/// The struct of `cols` typed as the call's return field
/// ([`text_struct_field`]), NULL where `text` is NULL, in every field too.
fn null_through(
    args: &ScalarFunctionArgs,
    cols: Vec<ArrayRef>,
    text: &StringArray,
) -> Result<StructArray> {
    let DataType::Struct(fields) = args.return_field.data_type() else {
        return exec_err!("a struct-valued function must return a struct");
    };
    let nulls = text.nulls().filter(|n| n.null_count() > 0);
    let cols = match nulls {
        None => cols,
        Some(n) => cols
            .into_iter()
            .map(|c| {
                let merged = NullBuffer::union(Some(n), c.nulls());
                Ok(make_array(
                    c.to_data().into_builder().nulls(merged).build()?,
                ))
            })
            .collect::<Result<Vec<_>>>()?,
    };
    Ok(StructArray::try_new(fields.clone(), cols, nulls.cloned())?)
}

fn finish(arr: ArrayRef, scalar: bool) -> Result<ColumnarValue> {
    if scalar {
        Ok(ColumnarValue::Scalar(
            datafusion::common::ScalarValue::try_from_array(&arr, 0)?,
        ))
    } else {
        Ok(ColumnarValue::Array(arr))
    }
}

/// `curate_heuristics(text)`: all four heuristic rule sets in one pass,
/// returned as a struct of the columns in [`heuristics_fields`]. NULL text:
/// NULL struct.
#[derive(Debug)]
pub struct HeuristicsUdf {
    signature: Signature,
    cfg: HeuristicsConfig,
}

impl HeuristicsUdf {
    pub fn new(cfg: HeuristicsConfig) -> Self {
        HeuristicsUdf {
            signature: text_signature(),
            cfg,
        }
    }

    pub fn return_fields() -> Fields {
        Fields::from(heuristics_fields())
    }
}

// Thresholds are floats: compare and hash the configuration by its Debug form.
impl PartialEq for HeuristicsUdf {
    fn eq(&self, o: &Self) -> bool {
        format!("{:?}", self.cfg) == format!("{:?}", o.cfg)
    }
}
impl Eq for HeuristicsUdf {}
impl std::hash::Hash for HeuristicsUdf {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        format!("{:?}", self.cfg).hash(h)
    }
}

fn text_signature() -> Signature {
    Signature::uniform(
        1,
        vec![DataType::Utf8, DataType::LargeUtf8, DataType::Utf8View],
        Volatility::Immutable,
    )
}

impl ScalarUDFImpl for HeuristicsUdf {
    fn name(&self) -> &str {
        "curate_heuristics"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(nullable_fields(
            &Self::return_fields(),
            true,
        )))
    }
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(text_struct_field(
            self.name(),
            &Self::return_fields(),
            &args,
        ))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        curate_fault::function_called(self.name());
        let (text, scalar) = text_arg(&args)?;
        let text = &text;
        let n = text.len();
        let mut wc = UInt32Builder::with_capacity(n);
        let mut ok: Vec<BooleanBuilder> =
            (0..4).map(|_| BooleanBuilder::with_capacity(n)).collect();
        let mut reason = StringBuilder::new();
        for i in 0..n {
            if text.is_null(i) {
                // Placeholders under the struct's NULL.
                wc.append_value(0);
                ok.iter_mut().for_each(|b| b.append_value(false));
                reason.append_null();
                continue;
            }
            let r = heuristics::score(text.value(i), &self.cfg);
            wc.append_value(r.word_count);
            ok[0].append_value(r.gopher_quality.is_none());
            ok[1].append_value(r.gopher_repetition.is_none());
            ok[2].append_value(r.c4.is_none());
            ok[3].append_value(r.fineweb.is_none());
            reason.append_option(r.drop_reason());
        }
        let mut cols: Vec<ArrayRef> = vec![Arc::new(wc.finish())];
        cols.extend(ok.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
        cols.push(Arc::new(reason.finish()));
        let s = null_through(&args, cols, text)?;
        finish(Arc::new(s), scalar)
    }
}

/// `curate_pii(text)`: the text with e-mail, IP and phone numbers replaced
/// by placeholders, and the count of each: a struct `{text, pii_email,
/// pii_ip, pii_phone}`. NULL text: NULL struct.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct PiiUdf {
    signature: Signature,
}

impl PiiUdf {
    pub fn new() -> Self {
        PiiUdf {
            signature: text_signature(),
        }
    }

    pub fn return_fields() -> Fields {
        // NULL only for a NULL text (see `text_struct_field`).
        let mut f = vec![Field::new(col::TEXT, DataType::Utf8, false)];
        f.extend(pii_fields());
        Fields::from(f)
    }
}

impl Default for PiiUdf {
    fn default() -> Self {
        Self::new()
    }
}

impl ScalarUDFImpl for PiiUdf {
    fn name(&self) -> &str {
        "curate_pii"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(nullable_fields(
            &Self::return_fields(),
            true,
        )))
    }
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(text_struct_field(
            self.name(),
            &Self::return_fields(),
            &args,
        ))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (text, scalar) = text_arg(&args)?;
        let text = &text;
        let n = text.len();
        let mut out = StringBuilder::with_capacity(n, text.value_data().len());
        let mut counts: Vec<UInt32Builder> =
            (0..3).map(|_| UInt32Builder::with_capacity(n)).collect();
        for i in 0..n {
            if text.is_null(i) {
                out.append_null();
                counts.iter_mut().for_each(|b| b.append_value(0));
                continue;
            }
            let (t, c) = pii::redact(text.value(i));
            out.append_value(t);
            counts[0].append_value(c.email);
            counts[1].append_value(c.ip);
            counts[2].append_value(c.phone);
        }
        let mut cols: Vec<ArrayRef> = vec![Arc::new(out.finish())];
        cols.extend(counts.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
        let s = null_through(&args, cols, text)?;
        finish(Arc::new(s), scalar)
    }
}

/// What a fastText model UDF computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelFn {
    /// `curate_langid(text, model)`: struct {lang, lang_score}, the best
    /// label and its probability; NULL text: NULL struct.
    Langid,
    /// `curate_edu(text, model)`: struct {edu_score, edu_int}, the expected
    /// label of a model with numeric labels (0-5), and it rounded; NULL
    /// text: NULL struct.
    Edu,
    /// `curate_label_prob(text, model, label)`: the probability of `label`;
    /// NULL text: NULL.
    LabelProb,
}

/// A fastText model applied to the text column. The model is a literal
/// argument, a path or `PATH#xxh3=HEX` ([`crate::model_file`]: the process
/// that runs the query checks the file's content hash), so the same plan
/// runs wherever the file is; loaded once per process by
/// [`classifier::cached`].
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ModelUdf {
    signature: Signature,
    f: ModelFn,
}

impl ModelUdf {
    pub fn new(f: ModelFn) -> Self {
        ModelUdf {
            signature: Signature::variadic_any(Volatility::Immutable),
            f,
        }
    }

    fn arity(&self) -> usize {
        match self.f {
            ModelFn::LabelProb => 3,
            _ => 2,
        }
    }
}

/// A string literal argument.
fn literal_arg(v: &ColumnarValue, what: &str, fname: &str) -> Result<String> {
    use datafusion::common::ScalarValue as S;
    match v {
        ColumnarValue::Scalar(S::Utf8(Some(s)))
        | ColumnarValue::Scalar(S::LargeUtf8(Some(s)))
        | ColumnarValue::Scalar(S::Utf8View(Some(s))) => Ok(s.clone()),
        _ => exec_err!("{fname}: the {what} must be a string literal"),
    }
}

impl ScalarUDFImpl for ModelUdf {
    fn name(&self) -> &str {
        match self.f {
            ModelFn::Langid => "curate_langid",
            ModelFn::Edu => "curate_edu",
            ModelFn::LabelProb => "curate_label_prob",
        }
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        if args.len() != self.arity() {
            return exec_err!(
                "{} takes {} arguments (text, model path{})",
                self.name(),
                self.arity(),
                if self.arity() == 3 { ", label" } else { "" }
            );
        }
        Ok(match self.f {
            ModelFn::Langid => DataType::Struct(nullable_fields(&langid_fields().into(), true)),
            ModelFn::Edu => DataType::Struct(nullable_fields(&edu_fields().into(), true)),
            ModelFn::LabelProb => DataType::Float32,
        })
    }
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        self.return_type(&types)?;
        Ok(match self.f {
            ModelFn::Langid => text_struct_field(self.name(), &langid_fields().into(), &args),
            ModelFn::Edu => text_struct_field(self.name(), &edu_fields().into(), &args),
            ModelFn::LabelProb => Arc::new(Field::new(
                self.name(),
                DataType::Float32,
                text_nullable(&args),
            )),
        })
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let fname = self.name().to_string();
        if args.args.len() != self.arity() {
            return exec_err!("{fname}: wrong number of arguments");
        }
        curate_fault::function_called(&fname);
        let loc = literal_arg(&args.args[1], "model path", &fname)?;
        let model_path = match crate::model_file::open(&loc) {
            Ok(p) => p,
            Err(e) => return exec_err!("{fname}: {e}"),
        };
        let model = model_path.display().to_string();
        let label = match self.f {
            ModelFn::LabelProb => Some(literal_arg(&args.args[2], "label", &fname)?),
            _ => None,
        };
        let (text, scalar) = utf8(&args.args[0])?;
        let text = &text;
        if self.f == ModelFn::Edu && crate::regressor::is_model(&model_path) {
            // A `train_regressor` model: its prediction is the score; NULL in, NULL out.
            let m = match crate::regressor::cached(&model_path) {
                Ok(m) => m,
                Err(e) => return exec_err!("{fname}: {e}"),
            };
            let n = text.len();
            let mut score = Float32Builder::with_capacity(n);
            let mut int = UInt8Builder::with_capacity(n);
            for i in 0..n {
                if text.is_null(i) {
                    score.append_value(0.0);
                    int.append_value(0);
                    continue;
                }
                let s = m.predict(text.value(i)) as f32;
                score.append_value(s);
                int.append_value(s.round().clamp(0.0, 5.0) as u8);
            }
            let out: ArrayRef = Arc::new(null_through(
                &args,
                vec![Arc::new(score.finish()), Arc::new(int.finish())],
                text,
            )?);
            return finish(out, scalar);
        }
        let c = match classifier::cached(&model_path) {
            Ok(c) => c,
            Err(e) => return exec_err!("{fname}: {e}"),
        };
        let n = text.len();
        let failed = |i: usize, e: String| {
            datafusion::common::DataFusionError::Execution(format!(
                "{fname}: row {i} of the batch ({} bytes of text): {e}",
                text.value(i).len()
            ))
        };
        let out: ArrayRef = match self.f {
            ModelFn::Langid => {
                let mut lang = StringBuilder::with_capacity(n, 2 * n);
                let mut score = Float32Builder::with_capacity(n);
                for i in 0..n {
                    if text.is_null(i) {
                        lang.append_value("");
                        score.append_value(0.0);
                        continue;
                    }
                    let (l, p) = c.top(text.value(i)).map_err(|e| failed(i, e))?;
                    lang.append_value(l);
                    score.append_value(p);
                }
                Arc::new(null_through(
                    &args,
                    vec![Arc::new(lang.finish()), Arc::new(score.finish())],
                    text,
                )?)
            }
            ModelFn::Edu => {
                if !c.numeric() {
                    return exec_err!(
                        "{fname}: {} has labels that are not numbers ({}); an educational model's labels are scores such as 0-5",
                        model,
                        c.labels().join(", ")
                    );
                }
                let mut score = Float32Builder::with_capacity(n);
                let mut int = UInt8Builder::with_capacity(n);
                for i in 0..n {
                    if text.is_null(i) {
                        score.append_value(0.0);
                        int.append_value(0);
                        continue;
                    }
                    let s = c
                        .expected(text.value(i))
                        .map_err(|e| failed(i, e))?
                        .ok_or_else(|| failed(i, "labels are not numbers".into()))?;
                    score.append_value(s);
                    int.append_value(s.round().clamp(0.0, 5.0) as u8);
                }
                Arc::new(null_through(
                    &args,
                    vec![Arc::new(score.finish()), Arc::new(int.finish())],
                    text,
                )?)
            }
            ModelFn::LabelProb => {
                let Some(label) = label else {
                    return exec_err!("{fname}: no label argument");
                };
                let Some(k) = c.labels().iter().position(|l| *l == label) else {
                    return exec_err!(
                        "{fname}: {} has no label `{label}` (labels: {})",
                        model,
                        c.labels().join(", ")
                    );
                };
                let mut p = Float32Builder::with_capacity(n);
                for i in 0..n {
                    if text.is_null(i) {
                        p.append_null();
                        continue;
                    }
                    p.append_value(c.probs(text.value(i)).map_err(|e| failed(i, e))?[k]);
                }
                Arc::new(p.finish())
            }
        };
        finish(out, scalar)
    }
}

/// `curate_holdout(text, seed, share)`: whether `train_classifier` /
/// `train_regressor` with this `seed` and `holdout: share` hold the row out
/// ([`crate::regressor::held_out`]), so a `filter` can select the same
/// held-out rows for `evaluate`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct HoldoutUdf {
    signature: Signature,
}

impl HoldoutUdf {
    pub fn new() -> Self {
        HoldoutUdf {
            signature: Signature::variadic_any(Volatility::Immutable),
        }
    }
}

impl Default for HoldoutUdf {
    fn default() -> Self {
        Self::new()
    }
}

/// A numeric literal argument.
fn number_arg(v: &ColumnarValue, what: &str, fname: &str) -> Result<f64> {
    use datafusion::common::ScalarValue as S;
    if let ColumnarValue::Scalar(s) = v {
        if let Ok(S::Float64(Some(x))) = s.cast_to(&DataType::Float64) {
            return Ok(x);
        }
    }
    exec_err!("{fname}: the {what} must be a number literal")
}

impl ScalarUDFImpl for HoldoutUdf {
    fn name(&self) -> &str {
        "curate_holdout"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        if args.len() != 3 {
            return exec_err!("curate_holdout takes 3 arguments (text, seed, share)");
        }
        Ok(DataType::Boolean)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let fname = "curate_holdout";
        if args.args.len() != 3 {
            return exec_err!("{fname}: wrong number of arguments");
        }
        let seed = number_arg(&args.args[1], "seed", fname)?;
        let share = number_arg(&args.args[2], "share", fname)?;
        if seed < 0.0 || seed.fract() != 0.0 || !(0.0..=1.0).contains(&share) {
            return exec_err!("{fname}: seed must be a whole number >= 0 and share in [0, 1]");
        }
        let (text, scalar) = utf8(&args.args[0])?;
        let out: datafusion::arrow::array::BooleanArray = (0..text.len())
            .map(|i| {
                (!text.is_null(i))
                    .then(|| crate::regressor::held_out(text.value(i), seed as u64, share))
            })
            .collect();
        finish(Arc::new(out), scalar)
    }
}

/// `curate_identity(text)`: lexicon mentions per identity axis, as the
/// `identity_mentions` struct; NULL text: NULL struct.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IdentityUdf {
    signature: Signature,
}

impl IdentityUdf {
    pub fn new() -> Self {
        IdentityUdf {
            signature: text_signature(),
        }
    }
}

impl Default for IdentityUdf {
    fn default() -> Self {
        Self::new()
    }
}

impl ScalarUDFImpl for IdentityUdf {
    fn name(&self) -> &str {
        "curate_identity"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(identity_type())
    }
    /// One struct column, NULL where the text is (its counts stay 0 under
    /// the NULL; the column is not unnested).
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(Field::new(
            self.name(),
            identity_type(),
            text_nullable(&args),
        )))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (text, scalar) = text_arg(&args)?;
        let text = &text;
        let n = text.len();
        let mut b: Vec<UInt32Builder> = (0..7).map(|_| UInt32Builder::with_capacity(n)).collect();
        for i in 0..n {
            let c = if text.is_null(i) {
                [0; 7]
            } else {
                bias::identity_mentions(text.value(i))
            };
            for (k, v) in c.iter().enumerate() {
                b[k].append_value(*v);
            }
        }
        let DataType::Struct(fields) = identity_type() else {
            return exec_err!("curate_identity: identity_mentions is not a struct");
        };
        let cols: Vec<ArrayRef> = b
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        finish(
            Arc::new(StructArray::try_new(fields, cols, text.nulls().cloned())?),
            scalar,
        )
    }
}

/// `curate_extract(html, url [, 'flags'])`: the main text of an HTML page
/// (see [`crate::extract`]) as a struct `{text, title, html_lang}`. `url` is
/// the page's address (any string or NULL; the current rules do not use
/// it). `flags` is a literal, comma-separated: `comments` (append the
/// comment section), `no_tables`, `no_lists`. A NULL html gives a NULL
/// struct (all fields NULL); a page without main text gives `text` = ''.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ExtractUdf {
    signature: Signature,
}

impl ExtractUdf {
    pub const NAME: &'static str = "curate_extract";

    pub fn new() -> Self {
        ExtractUdf {
            signature: Signature::variadic_any(Volatility::Immutable),
        }
    }

    pub fn return_fields() -> Fields {
        Fields::from(extract_fields())
    }

    /// Extraction options from the flags literal.
    pub fn options(flags: &str) -> std::result::Result<crate::extract::Options, String> {
        let mut o = crate::extract::Options::default();
        for f in flags.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match f {
                "comments" => o.comments = true,
                "no_tables" => o.tables = false,
                "no_lists" => o.lists = false,
                other => {
                    return Err(format!(
                        "unknown flag `{other}` (comments, no_tables, no_lists)"
                    ))
                }
            }
        }
        Ok(o)
    }
}

impl Default for ExtractUdf {
    fn default() -> Self {
        Self::new()
    }
}

impl ScalarUDFImpl for ExtractUdf {
    fn name(&self) -> &str {
        Self::NAME
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        if !(2..=3).contains(&args.len()) {
            return exec_err!("curate_extract takes (html, url) or (html, url, 'flags')");
        }
        if !matches!(
            args[0],
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        ) {
            return exec_err!("curate_extract: html must be text, not {}", args[0]);
        }
        Ok(DataType::Struct(Self::return_fields()))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let opts = match args.args.get(2) {
            None => crate::extract::Options::default(),
            Some(v) => match Self::options(&literal_arg(v, "flags", Self::NAME)?) {
                Ok(o) => o,
                Err(e) => return exec_err!("curate_extract: {e}"),
            },
        };
        let (html, scalar) = utf8(&args.args[0])?;
        let html = &html;
        let n = html.len();
        let mut text = StringBuilder::with_capacity(n, html.value_data().len() / 4);
        let mut title = StringBuilder::new();
        let mut lang = StringBuilder::new();
        let mut valid = Vec::with_capacity(n);
        for h in html.iter() {
            match h {
                None => {
                    text.append_null();
                    title.append_null();
                    lang.append_null();
                    valid.push(false);
                }
                Some(h) => {
                    let e = crate::extract::extract(h, &opts);
                    text.append_value(&e.text);
                    title.append_option(e.title);
                    lang.append_option(e.lang);
                    valid.push(true);
                }
            }
        }
        let cols: Vec<ArrayRef> = vec![
            Arc::new(text.finish()),
            Arc::new(title.finish()),
            Arc::new(lang.finish()),
        ];
        let nulls = datafusion::arrow::buffer::NullBuffer::from(valid);
        let s = StructArray::try_new(Self::return_fields(), cols, Some(nulls))?;
        finish(Arc::new(s), scalar)
    }
}

enum Val {
    Bool(bool),
    Str(String),
}

/// A scalar UDF from a plain `fn(&str) -> value`.
struct TextFn {
    name: &'static str,
    signature: Signature,
    ret: DataType,
    f: Box<dyn Fn(&str) -> Val + Send + Sync>,
}

impl TextFn {
    fn new(
        name: &'static str,
        ret: DataType,
        f: impl Fn(&str) -> Val + Send + Sync + 'static,
    ) -> Self {
        TextFn {
            name,
            signature: text_signature(),
            ret,
            f: Box::new(f),
        }
    }
}

impl std::fmt::Debug for TextFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextFn({})", self.name)
    }
}
impl PartialEq for TextFn {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
    }
}
impl Eq for TextFn {}
impl std::hash::Hash for TextFn {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.name.hash(h)
    }
}

impl ScalarUDFImpl for TextFn {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(self.ret.clone())
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (text, scalar) = text_arg(&args)?;
        let text = &text;
        let out: ArrayRef = match self.ret {
            DataType::Boolean => {
                let mut b = BooleanBuilder::with_capacity(text.len());
                for t in text.iter() {
                    match t.map(|t| (self.f)(t)) {
                        Some(Val::Bool(v)) => b.append_value(v),
                        _ => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            _ => {
                let mut b = StringBuilder::new();
                for t in text.iter() {
                    match t.map(|t| (self.f)(t)) {
                        Some(Val::Str(v)) => b.append_value(v),
                        _ => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
        };
        finish(out, scalar)
    }
}

/// Field list of the struct returned by `curate_heuristics`, for planners.
pub fn heuristics_struct_fields() -> Vec<Arc<Field>> {
    HeuristicsUdf::return_fields().iter().cloned().collect()
}

/// `curate_minhash_bands(text)`: the LSH band keys of the text's MinHash
/// signature (see [`crate::minhash`]), a list of `bands` UInt64 values;
/// `curate_minhash_signature(text)`: the signature itself, `bands * rows`
/// values (datatrove's, value for value, under the default scheme). Both are
/// NULL for a NULL text or a text without shingles. Both take an optional
/// second argument, a literal [`MinHashConfig::spec`] string
/// (`curate_minhash_signature(text, 'scheme=fast,ngram=5,bands=14,rows=8,seed=1')`):
/// without it they use the default configuration. The settings are
/// arguments, never a differently built instance under the same name, so a
/// plan means the same wherever the function is resolved by name (a Ballista
/// executor).
#[derive(Debug)]
pub struct MinHashUdf {
    signature: Signature,
    hasher: MinHasher,
    /// `curate_minhash_signature` rather than `curate_minhash_bands`.
    full: bool,
}

impl MinHashUdf {
    pub const NAME: &'static str = "curate_minhash_bands";
    pub const SIGNATURE_NAME: &'static str = "curate_minhash_signature";

    /// `curate_minhash_bands` with this configuration (the one used
    /// without a spec argument).
    pub fn new(cfg: MinHashConfig) -> Self {
        MinHashUdf {
            signature: Signature::variadic_any(Volatility::Immutable),
            hasher: MinHasher::new(cfg),
            full: false,
        }
    }

    /// `curate_minhash_signature` with this configuration.
    pub fn signature(cfg: MinHashConfig) -> Self {
        MinHashUdf {
            full: true,
            ..Self::new(cfg)
        }
    }

    pub fn item_field() -> Arc<Field> {
        Arc::new(Field::new_list_field(DataType::UInt64, false))
    }

    /// The hasher of a call: this instance's, or the one its literal spec
    /// argument names (made once per process and configuration).
    fn hasher_for(&self, args: &[ColumnarValue]) -> Result<Arc<MinHasher>> {
        static HASHERS: Lazy<
            std::sync::Mutex<std::collections::HashMap<MinHashConfig, Arc<MinHasher>>>,
        > = Lazy::new(Default::default);
        let cfg = match args {
            [_] => self.hasher.config().clone(),
            [_, spec] => {
                let spec = literal_arg(spec, "MinHash spec", self.name())?;
                match MinHashConfig::from_spec(&spec) {
                    Ok(c) => c,
                    Err(e) => return exec_err!("{}: bad MinHash spec `{spec}`: {e}", self.name()),
                }
            }
            _ => return exec_err!("{} takes (text) or (text, spec)", self.name()),
        };
        let mut map = HASHERS.lock().unwrap_or_else(|p| p.into_inner());
        Ok(map
            .entry(cfg.clone())
            .or_insert_with(|| Arc::new(MinHasher::new(cfg)))
            .clone())
    }
}

impl PartialEq for MinHashUdf {
    fn eq(&self, o: &Self) -> bool {
        self.full == o.full && self.hasher.config() == o.hasher.config()
    }
}
impl Eq for MinHashUdf {}
impl std::hash::Hash for MinHashUdf {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.full.hash(h);
        self.hasher.config().hash(h)
    }
}

impl ScalarUDFImpl for MinHashUdf {
    fn name(&self) -> &str {
        if self.full {
            Self::SIGNATURE_NAME
        } else {
            Self::NAME
        }
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        if !(1..=2).contains(&args.len()) {
            return exec_err!("{} takes (text) or (text, spec)", self.name());
        }
        Ok(DataType::List(Self::item_field()))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let hasher = self.hasher_for(&args.args)?;
        let (text, scalar) = utf8(&args.args[0])?;
        let text = &text;
        let c = hasher.config();
        let per_doc = if self.full { c.num_hashes() } else { c.bands };
        let mut b = ListBuilder::with_capacity(
            UInt64Builder::with_capacity(text.len() * per_doc),
            text.len(),
        )
        .with_field(Self::item_field());
        for t in text.iter() {
            let out = if self.full {
                t.and_then(|t| hasher.signature(t))
            } else {
                t.and_then(|t| hasher.bands(t))
            };
            match out {
                Some(keys) => {
                    b.values().append_slice(&keys);
                    b.append(true);
                }
                None => b.append_null(),
            }
        }
        finish(Arc::new(b.finish()), scalar)
    }
}
