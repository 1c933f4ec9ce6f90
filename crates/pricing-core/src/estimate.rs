//! Credits into outputs: what one image or video costs on a model, and how many a number of
//! credits buys.

use std::fmt;

use crate::catalog::{Catalog, Model, ModelKind, Plan};

/// Why an output cannot be priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EstimateError {
    UnknownModel(String),
    UnknownResolution {
        model: String,
        resolution: String,
    },
    /// Video models need a duration the model offers; image models take none.
    DurationNotOffered {
        model: String,
        seconds: Option<u32>,
    },
}

impl fmt::Display for EstimateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EstimateError::UnknownModel(id) => write!(f, "unknown model '{id}'"),
            EstimateError::UnknownResolution { model, resolution } => {
                write!(f, "model '{model}' does not offer resolution '{resolution}'")
            }
            EstimateError::DurationNotOffered { model, seconds: Some(s) } => {
                write!(f, "model '{model}' does not offer {s} s")
            }
            EstimateError::DurationNotOffered { model, seconds: None } => {
                write!(f, "model '{model}' needs a duration")
            }
        }
    }
}

impl std::error::Error for EstimateError {}

/// One output to price: a model, a resolution and, for video, a duration in seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSpec<'a> {
    pub model: &'a str,
    pub resolution: &'a str,
    pub seconds: Option<u32>,
}

impl Model {
    /// The output this model makes for a wish of `seconds` at `resolution` (a calculator's
    /// choice kept across a switch of model): that resolution if the model has it, else its
    /// lowest; for video, that duration if offered, else the model's shortest.
    pub fn settle(&self, seconds: u32, resolution: &str) -> (Option<u32>, String) {
        let seconds = (self.kind == ModelKind::Video).then(|| match self.durations_s.contains(&seconds) {
            true => seconds,
            false => self.durations_s.iter().copied().min().unwrap_or(seconds),
        });
        let resolution =
            self.resolution(resolution).or(self.resolutions.first()).map(|r| r.id.clone()).unwrap_or_default();
        (seconds, resolution)
    }

    /// Seconds billed for a clip of `seconds`: rounded up to the model's billing step.
    pub fn billed_seconds(&self, seconds: u32) -> u32 {
        let step = self.billing_step_s.unwrap_or(1).max(1);
        seconds.div_ceil(step) * step
    }

    /// Credits one output costs at `resolution`; for video, a clip of `seconds` (any length,
    /// billed by the model's step, so that the seed's fixed 4 s estimate works on every model).
    pub fn credits_per_output(&self, resolution: &str, seconds: Option<u32>) -> Result<u64, EstimateError> {
        let rate = self
            .resolution(resolution)
            .ok_or_else(|| EstimateError::UnknownResolution {
                model: self.id.clone(),
                resolution: resolution.to_string(),
            })?
            .credits as u64;
        match (self.kind, seconds) {
            (ModelKind::Image, None) => Ok(rate),
            (ModelKind::Video, Some(s)) if s > 0 => Ok(rate * self.billed_seconds(s) as u64),
            (_, seconds) => Err(EstimateError::DurationNotOffered { model: self.id.clone(), seconds }),
        }
    }
}

impl Catalog {
    /// Credits one output costs, for a duration the model offers (what a visitor can pick).
    pub fn output_cost(&self, spec: &OutputSpec) -> Result<u64, EstimateError> {
        let model = self.model(spec.model).ok_or_else(|| EstimateError::UnknownModel(spec.model.to_string()))?;
        if let Some(seconds) = spec.seconds {
            if model.kind == ModelKind::Video && !model.durations_s.contains(&seconds) {
                return Err(EstimateError::DurationNotOffered { model: model.id.clone(), seconds: Some(seconds) });
            }
        }
        model.credits_per_output(spec.resolution, spec.seconds)
    }

    /// A plan's estimated monthly videos and images, counted on the catalog's estimate basis
    /// (the seed's fixed 4-second video). A plan that does not include a basis model is
    /// counted on its first model of that kind, at the output that model makes for the basis
    /// (`Model::settle`), so that a card never promises what the plan cannot make.
    pub fn plan_estimate(&self, plan: &Plan) -> PlanEstimate {
        let basis = &self.estimate_basis;
        PlanEstimate {
            videos: self.output_estimate(
                plan,
                ModelKind::Video,
                &basis.video_model,
                &basis.video_resolution,
                basis.video_seconds,
            ),
            images: self.output_estimate(plan, ModelKind::Image, &basis.image_model, &basis.image_resolution, 0),
        }
    }

    fn output_estimate(
        &self,
        plan: &Plan,
        kind: ModelKind,
        basis_model: &str,
        resolution: &str,
        seconds: u32,
    ) -> Option<OutputEstimate> {
        let (model, on_basis) = match self.model(basis_model).filter(|m| plan.includes(&m.id)) {
            Some(model) => (model, true),
            None => (self.included_models(plan).find(|m| m.kind == kind)?, false),
        };
        let (seconds, resolution) = model.settle(seconds, resolution);
        // A model prices the output it settles on (validated catalog).
        let cost = model.credits_per_output(&resolution, seconds).ok()?;
        Some(OutputEstimate {
            count: outputs_for_credits(plan.credits_per_month, cost),
            model: model.id.clone(),
            resolution,
            seconds,
            on_basis,
        })
    }
}

/// A plan's estimated outputs per month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanEstimate {
    /// `None` when the plan includes no video model.
    pub videos: Option<OutputEstimate>,
    /// `None` when the plan includes no image model.
    pub images: Option<OutputEstimate>,
}

/// How many outputs of one kind a plan's monthly credits make, and of which output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputEstimate {
    pub count: u64,
    /// The model counted on, by id.
    pub model: String,
    pub resolution: String,
    /// A video's length counted; `None` for images.
    pub seconds: Option<u32>,
    /// Counted on the estimate basis's own model, as every plan that includes it is: the
    /// figures the plans share. Otherwise a view names the model.
    pub on_basis: bool,
}

/// Whole outputs that `credits` pay for: rounded down, since a partial output cannot be made.
pub fn outputs_for_credits(credits: u64, credits_per_output: u64) -> u64 {
    credits.checked_div(credits_per_output).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Resolution;
    use proptest::prelude::*;

    fn video(step: u32, rate: u32) -> Model {
        Model {
            id: "v".into(),
            name: "V".into(),
            kind: ModelKind::Video,
            resolutions: vec![Resolution { id: "720p".into(), credits: rate }],
            durations_s: vec![5, 10],
            billing_step_s: Some(step),
        }
    }

    #[test]
    fn a_wish_settles_on_what_the_model_offers() {
        let mut model = video(5, 32);
        model.resolutions.push(Resolution { id: "1080p".into(), credits: 64 });
        assert_eq!(model.settle(10, "1080p"), (Some(10), "1080p".to_string()));
        assert_eq!(model.settle(7, "4K"), (Some(5), "720p".to_string()), "shortest clip, lowest resolution");
        let image = Model { kind: ModelKind::Image, durations_s: vec![], ..model };
        assert_eq!(image.settle(10, "1080p"), (None, "1080p".to_string()), "an image has no duration");
    }

    #[test]
    fn durations_round_up_to_the_billing_step() {
        let model = video(5, 32);
        assert_eq!(model.billed_seconds(4), 5);
        assert_eq!(model.billed_seconds(9), 10);
        assert_eq!(model.billed_seconds(10), 10);
        assert_eq!(model.credits_per_output("720p", Some(9)), Ok(320));
        assert!(model.credits_per_output("4k", Some(5)).is_err());
        assert!(model.credits_per_output("720p", None).is_err());
    }

    #[test]
    fn no_credits_or_free_outputs_count_zero() {
        assert_eq!(outputs_for_credits(0, 10), 0);
        assert_eq!(outputs_for_credits(99, 100), 0);
        assert_eq!(outputs_for_credits(100, 0), 0);
    }

    proptest! {
        #[test]
        fn outputs_never_over_count(credits in 0u64..10_000_000, cost in 1u64..100_000) {
            let outputs = outputs_for_credits(credits, cost);
            prop_assert!(outputs * cost <= credits, "counted more than the credits pay for");
            prop_assert!((outputs + 1) * cost > credits, "left a whole output uncounted");
        }

        #[test]
        fn billing_never_undercharges(step in 1u32..30, seconds in 1u32..600, rate in 1u32..100) {
            let model = video(step, rate);
            let billed = model.billed_seconds(seconds);
            prop_assert!(billed >= seconds && billed < seconds + step && billed.is_multiple_of(step));
            prop_assert_eq!(model.credits_per_output("720p", Some(seconds)).unwrap(), (billed * rate) as u64);
        }
    }
}
