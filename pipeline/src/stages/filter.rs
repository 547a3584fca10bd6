//! `filter`: keep rows where a SQL predicate is TRUE. Every other row goes to
//! `rejected/` with the first top-level conjunct of the predicate that was
//! not TRUE as its reason; nothing silently vanishes.

use std::sync::Arc;

use anyhow::{bail, Context, Result};
use curate_schemas::{self as schemas, col};
use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::compute::{filter_record_batch, is_not_null, is_null};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::sql::sqlparser::ast::{BinaryOperator, Expr};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::Parser;
use serde::Deserialize;

use super::{literal, plan_on_schema};
use crate::functions::Functions;
use crate::stage::{
    params, InputKind, ParamError, QueryOutput, Stage, StageCx, StageKind, UnitOut,
};

pub struct Filter;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// SQL predicate over the input's columns.
    #[serde(rename = "where")]
    predicate: String,
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for Filter {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the predicate query of each shard; executors write its kept and rejected shards")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "filter"
    }
    fn summary(&self) -> &'static str {
        "keep rows matching a SQL predicate; the rest go to rejected/ with a reason"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        let conjuncts = conjuncts(&p.predicate).map_err(|e| ParamError {
            path: vec!["where".into()],
            message: format!("not a SQL expression: {e}"),
        })?;
        Ok(Box::new(FilterStage { p, conjuncts }))
    }
}

/// Parse a whole predicate (an error for anything after the expression).
pub(crate) fn parse_predicate(predicate: &str) -> Result<Expr> {
    let mut parser = Parser::new(&GenericDialect {}).try_with_sql(predicate)?;
    let expr = parser.parse_expr()?;
    let rest = parser.peek_token();
    if rest.token != datafusion::sql::sqlparser::tokenizer::Token::EOF {
        bail!("unexpected `{}` after the expression", rest.token);
    }
    Ok(expr)
}

/// The AND terms of `e`: its top level, and with `through_parens` also
/// inside parenthesized AND groups.
pub(crate) fn and_terms<'a>(e: &'a Expr, through_parens: bool, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            and_terms(left, through_parens, out);
            and_terms(right, through_parens, out);
        }
        Expr::Nested(inner) if through_parens => and_terms(inner, through_parens, out),
        other => out.push(other),
    }
}

/// Split a predicate into its top-level AND terms, as SQL text.
fn conjuncts(predicate: &str) -> Result<Vec<String>> {
    let expr = parse_predicate(predicate)?;
    let mut terms = vec![];
    and_terms(&expr, false, &mut terms);
    Ok(terms.iter().map(|t| t.to_string()).collect())
}

struct FilterStage {
    p: Params,
    conjuncts: Vec<String>,
}

const REASON: &str = "__rejected_reason";

impl FilterStage {
    /// All input columns plus the rejection reason (NULL for kept rows).
    fn sql(&self) -> String {
        let mut case = String::from("CASE");
        for c in &self.conjuncts {
            case.push_str(&format!(
                " WHEN ({c}) IS NOT TRUE THEN {}",
                literal(&format!("filter: {c}"))
            ));
        }
        case.push_str(" ELSE NULL END");
        format!("SELECT *, {case} AS {REASON} FROM input")
    }
}

impl Stage for FilterStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let check = format!("SELECT ({}) AS p FROM input", self.p.predicate);
        let (s, _) = plan_on_schema(fx, &inputs[0], &check)?;
        let t = s.field(0).data_type();
        if t != &DataType::Boolean && t != &DataType::Null {
            bail!(
                "`where` must be a boolean expression; `{}` is {t}",
                self.p.predicate
            );
        }
        Ok(schemas::stamp(&inputs[0], schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let sql = self.sql();
        let (_, plan) = plan_on_schema(fx, &inputs[0], &sql)?;
        Ok(format!(
            "per shard: {sql}\nrows with {REASON} NULL -> output, others -> rejected/\n{plan}"
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let sql = self.sql();
        let shards = super::input_shards_sized(cx);
        cx.run_output_units(
            cx.input_schemas[0].clone(),
            &shards,
            &sql,
            QueryOutput::Split {
                reason: REASON,
                costly: false,
                only: None,
            },
        )
    }
}

/// Split a batch whose last column (`reason_col`) is NULL for kept rows:
/// kept rows (without the column) to the output, the others to `rejected/`
/// with `rejected_reason` and `rejected_by`, counting drops per reason.
pub fn split_rejected(
    cx: &StageCx,
    out: &mut UnitOut,
    b: RecordBatch,
    reason_col: &str,
) -> Result<()> {
    out.counts.rows_in += b.num_rows() as u64;
    let idx = b.schema().index_of(reason_col)?;
    let reason = b.column(idx).clone();
    let mut data = b.clone();
    data.remove_column(idx);
    let keep = is_null(&reason)?;
    let kept = filter_record_batch(&data, &keep)?;
    out.write(&kept)?;
    let rej_mask = is_not_null(&reason)?;
    let n_rej = rej_mask.true_count();
    if n_rej == 0 {
        return Ok(());
    }
    let rejected = filter_record_batch(&data, &rej_mask)?;
    let reasons = datafusion::arrow::compute::filter(&reason, &rej_mask)?;
    let reasons = datafusion::arrow::compute::cast(&reasons, &DataType::Utf8)?;
    let rs = reasons
        .as_any()
        .downcast_ref::<StringArray>()
        .context("rejection reasons did not cast to Utf8")?;
    for r in rs.iter().flatten() {
        out.counts.drop(r, 1);
    }
    let mut cols: Vec<ArrayRef> = rejected.columns().to_vec();
    cols.push(reasons.clone());
    cols.push(Arc::new(StringArray::from(vec![cx.name.as_str(); n_rej])));
    let schema = schemas::rejected(&data.schema());
    let batch = RecordBatch::try_new(schema, cols)?;
    debug_assert_eq!(
        batch.schema().field(batch.num_columns() - 1).name(),
        col::REJECTED_BY
    );
    out.reject(&batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_top_level_and() {
        let c =
            conjuncts("gopher_quality_ok AND (c4_ok OR fineweb_ok) AND word_count >= 50").unwrap();
        assert_eq!(
            c,
            vec![
                "gopher_quality_ok",
                "(c4_ok OR fineweb_ok)",
                "word_count >= 50"
            ]
        );
        assert!(conjuncts("a >").is_err());
        assert!(conjuncts("a > 1 b").is_err());
    }
}
