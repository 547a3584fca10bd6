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
    col, contamination_fields, edu_fields, extract_fields, heuristics_fields, identity_type,
    langid_fields, pii_fields,
};

/// Every scalar function curate's plans may call, by SQL name.
pub fn udfs() -> Vec<ScalarUDF> {
    let mut v = vec![
        ScalarUDF::from(HeuristicsUdf::new(HeuristicsConfig::default())),
        ScalarUDF::from(TextFn::new("curate_norm_hash", DataType::Utf8, |t| {
            Val::Str(norm_hash_hex(t))
        })),
        ScalarUDF::from(NormHashPartsUdf::new()),
        ScalarUDF::from(MinHashUdf::new(MinHashConfig::default())),
        ScalarUDF::from(MinHashUdf::signature(MinHashConfig::default())),
        ScalarUDF::from(PiiUdf::new()),
        ScalarUDF::from(ModelUdf::new(ModelFn::Langid)),
        ScalarUDF::from(ModelUdf::new(ModelFn::Edu)),
        ScalarUDF::from(ModelUdf::new(ModelFn::LabelProb)),
        ScalarUDF::from(IdentityUdf::new()),
        ScalarUDF::from(ExtractUdf::new()),
        ScalarUDF::from(HoldoutUdf::new()),
        ScalarUDF::from(InPositionsUdf::new()),
        ScalarUDF::from(ContaminationUdf::new()),
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

/// `curate_in_positions(position, positions)`: whether `position` (a
/// whole number) is one of `positions`, a text literal of ascending
/// positions written as differences from the previous one (the first from
/// 0), comma-separated: `'3,1,4'` is {3, 4, 8}. One literal instead of an
/// `IN` list, which DataFusion plans element by element (the dedup stages'
/// filter phases mark a shard's duplicates by row position with it: there
/// can be hundreds of thousands).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct InPositionsUdf {
    signature: Signature,
}

impl InPositionsUdf {
    pub fn new() -> Self {
        InPositionsUdf {
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

impl Default for InPositionsUdf {
    fn default() -> Self {
        Self::new()
    }
}

/// `curate_norm_hash_parts(text)`: [`crate::dedup::norm_hash`] as a struct
/// of its high and low 64 bits (`hash_hi`, `hash_lo`), the key of
/// `dedup_exact`'s work tables. The one function here that does not pass a
/// NULL through: a NULL text is an error, because a document without a
/// hash would silently escape deduplication (the stage then names the
/// shard and row).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NormHashPartsUdf {
    signature: Signature,
}

impl NormHashPartsUdf {
    pub const NAME: &'static str = "curate_norm_hash_parts";

    pub fn new() -> Self {
        NormHashPartsUdf {
            signature: text_signature(),
        }
    }

    fn fields() -> Fields {
        Fields::from(vec![
            Field::new(col::HASH_HI, DataType::UInt64, false),
            Field::new(col::HASH_LO, DataType::UInt64, false),
        ])
    }
}

impl Default for NormHashPartsUdf {
    fn default() -> Self {
        Self::new()
    }
}

impl ScalarUDFImpl for NormHashPartsUdf {
    fn name(&self) -> &str {
        Self::NAME
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(Self::fields()))
    }
    fn return_field_from_args(&self, _: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(Field::new(
            Self::NAME,
            DataType::Struct(Self::fields()),
            false,
        )))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (text, scalar) = text_arg(&args)?;
        let mut hi = UInt64Builder::with_capacity(text.len());
        let mut lo = UInt64Builder::with_capacity(text.len());
        for (i, t) in text.iter().enumerate() {
            let Some(t) = t else {
                return exec_err!("{}: NULL text (row {} of a batch)", Self::NAME, i + 1);
            };
            let h = crate::dedup::norm_hash(t);
            hi.append_value((h >> 64) as u64);
            lo.append_value(h as u64);
        }
        let cols: Vec<ArrayRef> = vec![Arc::new(hi.finish()), Arc::new(lo.finish())];
        let out: ArrayRef = Arc::new(StructArray::try_new(Self::fields(), cols, None)?);
        Ok(if scalar {
            ColumnarValue::Scalar(datafusion::common::ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

/// `positions` (ascending) as [`InPositionsUdf`] takes them.
pub fn encode_positions(positions: &[u64]) -> String {
    let mut out = String::with_capacity(positions.len() * 3);
    let mut last = 0u64;
    for (i, &p) in positions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&(p - last).to_string());
        last = p;
    }
    out
}

/// The positions of an [`encode_positions`] literal (`None`: not one).
pub fn decode_positions(s: &str) -> Option<Vec<u64>> {
    if s.is_empty() {
        return Some(vec![]);
    }
    let mut last = 0u64;
    s.split(',')
        .map(|d| {
            last = last.checked_add(d.parse::<u64>().ok()?)?;
            Some(last)
        })
        .collect()
}

thread_local! {
    /// The last positions literal this thread decoded: a query passes the
    /// same one with every batch.
    static POSITIONS: std::cell::RefCell<Option<(String, Arc<Vec<u64>>)>> =
        const { std::cell::RefCell::new(None) };
}

fn cached_positions(t: &str) -> Option<Arc<Vec<u64>>> {
    POSITIONS.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((s, v)) = c.as_ref() {
            if s == t {
                return Some(v.clone());
            }
        }
        let v = Arc::new(decode_positions(t)?);
        *c = Some((t.to_string(), v.clone()));
        Some(v)
    })
}

impl ScalarUDFImpl for InPositionsUdf {
    fn name(&self) -> &str {
        "curate_in_positions"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        use datafusion::common::ScalarValue as S;
        let fname = "curate_in_positions";
        if args.args.len() != 2 {
            return exec_err!("{fname} takes 2 arguments (position, positions)");
        }
        let set = match &args.args[1] {
            ColumnarValue::Scalar(
                S::Utf8(Some(t)) | S::LargeUtf8(Some(t)) | S::Utf8View(Some(t)),
            ) => match cached_positions(t) {
                Some(v) => v,
                None => {
                    return exec_err!("{fname}: positions must be comma-separated whole numbers")
                }
            },
            _ => return exec_err!("{fname}: positions must be a text literal"),
        };
        let (arr, scalar) = match &args.args[0] {
            ColumnarValue::Array(a) => (a.clone(), false),
            ColumnarValue::Scalar(v) => (v.to_array()?, true),
        };
        let pos = cast(&arr, &DataType::UInt64)?;
        let Some(pos) = pos
            .as_any()
            .downcast_ref::<datafusion::arrow::array::UInt64Array>()
        else {
            return exec_err!("{fname}: the position is not a whole number");
        };
        let out: datafusion::arrow::array::BooleanArray = pos
            .iter()
            .map(|p| p.map(|p| set.binary_search(&p).is_ok()))
            .collect();
        finish(Arc::new(out), scalar)
    }
}

/// The aggregate functions: [`IdentityAuditUdaf`].
pub fn udafs() -> Vec<datafusion::logical_expr::AggregateUDF> {
    vec![datafusion::logical_expr::AggregateUDF::from(
        IdentityAuditUdaf::new(),
    )]
}

/// `curate_identity_audit(text)`: the dataset audit of the `bias` stage
/// ([`bias::Audit`]: mentions per identity axis and term, gendered terms
/// near occupations) over the rows, as its raw JSON ([`bias::Audit::to_raw`];
/// a NULL text counts as an empty document). An aggregate, so the audit of
/// a shard is computed where the shard's query runs (a Ballista executor).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IdentityAuditUdaf {
    signature: Signature,
}

impl IdentityAuditUdaf {
    pub fn new() -> Self {
        IdentityAuditUdaf {
            signature: Signature::any(1, Volatility::Immutable),
        }
    }
}

impl Default for IdentityAuditUdaf {
    fn default() -> Self {
        Self::new()
    }
}

impl datafusion::logical_expr::AggregateUDFImpl for IdentityAuditUdaf {
    fn name(&self) -> &str {
        "curate_identity_audit"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn accumulator(
        &self,
        _: datafusion::logical_expr::function::AccumulatorArgs,
    ) -> Result<Box<dyn datafusion::logical_expr::Accumulator>> {
        Ok(Box::new(AuditAccumulator::default()))
    }
}

#[derive(Debug, Default)]
struct AuditAccumulator {
    audit: bias::Audit,
}

impl AuditAccumulator {
    fn raw(&self) -> datafusion::common::ScalarValue {
        datafusion::common::ScalarValue::Utf8(Some(self.audit.to_raw().to_string()))
    }
}

impl datafusion::logical_expr::Accumulator for AuditAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let t = cast(&values[0], &DataType::Utf8)?;
        let Some(t) = t.as_any().downcast_ref::<StringArray>() else {
            return exec_err!("curate_identity_audit: the text is not text");
        };
        for i in 0..t.len() {
            self.audit.add(if t.is_null(i) { "" } else { t.value(i) });
        }
        Ok(())
    }
    fn evaluate(&mut self) -> Result<datafusion::common::ScalarValue> {
        Ok(self.raw())
    }
    fn size(&self) -> usize {
        let terms: usize = self
            .audit
            .terms
            .iter()
            .flat_map(|t| t.keys())
            .map(|k| k.len() + 48)
            .sum();
        let occ: usize = self.audit.occupations.keys().map(|k| k.len() + 56).sum();
        std::mem::size_of::<Self>() + terms + occ
    }
    fn state(&mut self) -> Result<Vec<datafusion::common::ScalarValue>> {
        Ok(vec![self.raw()])
    }
    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let s = cast(&states[0], &DataType::Utf8)?;
        let Some(s) = s.as_any().downcast_ref::<StringArray>() else {
            return exec_err!("curate_identity_audit: a partial state is not text");
        };
        for v in s.iter().flatten() {
            let parsed = serde_json::from_str::<serde_json::Value>(v)
                .ok()
                .and_then(|j| bias::Audit::from_raw(&j));
            let Some(a) = parsed else {
                return exec_err!("curate_identity_audit: a partial state is not an audit");
            };
            self.audit.merge(&a);
        }
        Ok(())
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

/// `curate_contamination(text, 'LOCATION#xxh3=HEX')`: the first word
/// n-gram `text` shares with the evaluation sets of an n-gram index
/// ([`crate::decontam::EvalGrams`], a file every process running the query
/// opens and checks as a model file), as the struct `{contaminated_by,
/// contaminated_ngram}`: the set's name and the n-gram's words, both NULL
/// when there is none (or the text is NULL).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ContaminationUdf {
    signature: Signature,
}

impl ContaminationUdf {
    pub fn new() -> Self {
        ContaminationUdf {
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

impl Default for ContaminationUdf {
    fn default() -> Self {
        Self::new()
    }
}

impl ScalarUDFImpl for ContaminationUdf {
    fn name(&self) -> &str {
        "curate_contamination"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(contamination_fields().into()))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let fname = self.name().to_string();
        if args.args.len() != 2 {
            return exec_err!("{fname} takes 2 arguments (text, index location)");
        }
        curate_fault::function_called(&fname);
        let loc = literal_arg(&args.args[1], "n-gram index", &fname)?;
        let grams = match crate::model_file::open(&loc).and_then(|p| crate::decontam::cached(&p)) {
            Ok(g) => g,
            Err(e) => return exec_err!("{fname}: {e}"),
        };
        let (text, scalar) = utf8(&args.args[0])?;
        let n = text.len();
        let (mut by, mut gram) = (
            StringBuilder::with_capacity(n, 0),
            StringBuilder::with_capacity(n, 0),
        );
        for i in 0..n {
            match (!text.is_null(i))
                .then(|| grams.find(text.value(i)))
                .flatten()
            {
                Some((set, g)) => {
                    by.append_value(set);
                    gram.append_value(g);
                }
                None => {
                    by.append_null();
                    gram.append_null();
                }
            }
        }
        let cols: Vec<ArrayRef> = vec![Arc::new(by.finish()), Arc::new(gram.finish())];
        finish(
            Arc::new(StructArray::try_new(
                contamination_fields().into(),
                cols,
                None,
            )?),
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

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{BooleanArray, Int64Array};
    use datafusion::common::ScalarValue;

    #[test]
    fn positions_round_trip_and_mark_exactly_their_rows() {
        let ps = vec![0u64, 3, 4, 8, 1_000_000, u64::MAX - 1];
        let enc = encode_positions(&ps);
        assert_eq!(&enc[..7], "0,3,1,4");
        assert_eq!(decode_positions(&enc), Some(ps.clone()));
        assert_eq!(decode_positions(""), Some(vec![]));
        assert_eq!(decode_positions("1,x"), None);
        assert_eq!(decode_positions(&format!("{},2", u64::MAX)), None);
        let f = InPositionsUdf::new();
        let rows = Int64Array::from(vec![Some(0), Some(1), Some(3), None, Some(8), Some(9)]);
        let n = rows.len();
        let args = ScalarFunctionArgs {
            args: vec![
                ColumnarValue::Array(Arc::new(rows)),
                ColumnarValue::Scalar(ScalarValue::Utf8(Some(enc))),
            ],
            arg_fields: vec![
                Arc::new(Field::new("p", DataType::Int64, true)),
                Arc::new(Field::new("s", DataType::Utf8, false)),
            ],
            number_rows: n,
            return_field: Arc::new(Field::new("m", DataType::Boolean, true)),
            config_options: Arc::new(Default::default()),
        };
        let ColumnarValue::Array(got) = f.invoke_with_args(args).unwrap() else {
            panic!("not an array")
        };
        let got = got.as_any().downcast_ref::<BooleanArray>().unwrap();
        let want = BooleanArray::from(vec![
            Some(true),
            Some(false),
            Some(true),
            None,
            Some(true),
            Some(false),
        ]);
        assert_eq!(got, &want);
    }

    /// `curate_norm_hash_parts` splits `norm_hash` into its two halves, and
    /// a NULL text is an error (a document without a hash would escape
    /// deduplication), not a NULL.
    #[test]
    fn norm_hash_parts_split_the_hash_and_refuse_null() {
        let f = NormHashPartsUdf::new();
        let call = |texts: Vec<Option<&str>>| {
            let n = texts.len();
            f.invoke_with_args(ScalarFunctionArgs {
                args: vec![ColumnarValue::Array(Arc::new(StringArray::from(texts)))],
                arg_fields: vec![Arc::new(Field::new("t", DataType::Utf8, true))],
                number_rows: n,
                return_field: Arc::new(Field::new(
                    "h",
                    DataType::Struct(NormHashPartsUdf::fields()),
                    false,
                )),
                config_options: Arc::new(Default::default()),
            })
        };
        let ColumnarValue::Array(got) = call(vec![Some("A  cat."), Some("")]).unwrap() else {
            panic!("not an array")
        };
        let got = got.as_any().downcast_ref::<StructArray>().unwrap();
        let u = |i: usize| {
            got.column(i)
                .as_any()
                .downcast_ref::<datafusion::arrow::array::UInt64Array>()
                .unwrap()
                .clone()
        };
        let (hi, lo) = (u(0), u(1));
        for (row, t) in ["A  cat.", ""].iter().enumerate() {
            let h = crate::dedup::norm_hash(t);
            assert_eq!((hi.value(row), lo.value(row)), ((h >> 64) as u64, h as u64));
        }
        let e = call(vec![Some("x"), None]).unwrap_err().to_string();
        assert!(
            e.contains("curate_norm_hash_parts: NULL text (row 2"),
            "{e}"
        );
    }
}
