//! Taking a pre-rendered widget over in slices, so that the host page's main thread is never
//! held for long: the first slice (the widget's frame) is hydrated at once, and each part marked
//! `later` (the controls, a card, a section below them) afterwards, one at a time
//! (`hydrate_next`), in tasks of their own: the entry script yields to the page between two.
//!
//! Hydration never compares text: a part hydrated after its state changed would keep the text
//! of the pre-render. So everything that changes the widget's state from outside (an attribute,
//! an answer from the billing API) first finishes the takeover (`finish_now`); a visitor's own
//! actions are held by the entry script until the widget says it is ready.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use js_sys::{Function, Reflect};
use leptos::prelude::*;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::view::{add_attr::AddAnyAttr, Mountable, Position, PositionState};
use leptos::tachys::view::{Render, RenderHtml};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A part of a view hydrated later, in its own task (only while a pre-render is taken over:
/// rendered, or built in the browser, it is the part itself). Only a view of one element waits.
pub struct Later<F> {
    view: F,
    owner: Owner,
}

/// `view`, hydrated after the rest of the widget when a pre-render is taken over.
pub fn later<F, V>(view: F) -> Later<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml + 'static,
{
    Later { view, owner: Owner::current().unwrap_or_default() }
}

struct Pending {
    root: HtmlElement,
    hydrate: Box<dyn FnOnce()>,
}

thread_local! {
    /// The root of the widget being taken over right now, if one is: a panic then leaves its
    /// markup on screen for the entry script to render afresh (`host::live_roots`).
    static TAKING_OVER: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
    /// The parts waiting for their task, in the order of the page.
    static PENDING: RefCell<VecDeque<Pending>> = const { RefCell::new(VecDeque::new()) };
}

/// The widget root being taken over while this runs, if any.
pub fn taking_over() -> Option<HtmlElement> {
    TAKING_OVER.with(|root| root.try_borrow().ok().and_then(|root| root.clone()))
}

/// Runs `hydrate` as (a slice of) the takeover of `root`, timed as `phase` for the page's
/// performance timeline (`pricing-widget hydrate`, …).
pub fn slice<T>(root: &HtmlElement, phase: &str, hydrate: impl FnOnce() -> T) -> T {
    let outer = TAKING_OVER.with(|current| current.replace(Some(root.clone())));
    let start = now();
    let hydrated = hydrate();
    measure(phase, start);
    TAKING_OVER.with(|current| *current.borrow_mut() = outer);
    hydrated
}

/// Hydrates the next of `root`'s parts that wait; false when none is left.
pub fn hydrate_next(root: &HtmlElement) -> bool {
    let next = PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        let at = pending.iter().position(|p| p.root == *root)?;
        pending.remove(at)
    });
    let Some(next) = next else { return false };
    slice(root, "pricing-widget hydrate later", next.hydrate);
    true
}

/// Hydrates every part that waits, now: before anything changes a widget's state.
pub fn finish_now() {
    while let Some(next) = PENDING.with(|pending| pending.borrow_mut().pop_front()) {
        slice(&next.root.clone(), "pricing-widget hydrate at once", next.hydrate);
    }
}

/// Drops `root`'s waiting parts (its view is gone).
pub fn forget(root: &HtmlElement) {
    PENDING.with(|pending| pending.borrow_mut().retain(|p| p.root != *root));
}

/// `task`, finishing any takeover before each time it goes on after waiting: what a widget's
/// request brings back then lands on live views only.
pub fn after_takeover<T: Future<Output = ()> + 'static>(task: T) -> impl Future<Output = ()> {
    struct FinishFirst<T> {
        task: Pin<Box<T>>,
        started: bool,
    }
    impl<T: Future<Output = ()>> Future for FinishFirst<T> {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if std::mem::replace(&mut self.started, true) {
                finish_now();
            }
            self.task.as_mut().poll(cx)
        }
    }
    FinishFirst { task: Box::pin(task), started: false }
}

/// Milliseconds on the page's performance clock.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

/// Puts `name`, from `start` until now, on the page's performance timeline (DevTools shows it;
/// the benchmarks read it).
pub fn measure(name: &str, start: f64) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"start".into(), &start.into());
    let _ = Reflect::set(&options, &"end".into(), &performance.now().into());
    if let Ok(measure) = Reflect::get(&performance, &"measure".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = measure.call2(&performance, &name.into(), &options);
    }
}

/// A `Later` on screen: the part, or the pre-rendered element it will hydrate.
pub enum LaterState<S> {
    Built(S),
    Waiting { element: Element, hydrated: Rc<RefCell<Option<S>>> },
}

impl<F, V> Render for Later<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml + 'static,
{
    type State = LaterState<V::State>;

    fn build(self) -> Self::State {
        let view = self.view;
        LaterState::Built(self.owner.with(|| view().build()))
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut built = self.build();
        state.insert_before_this(&mut built);
        state.unmount();
        *state = built;
    }
}

impl<F, V> RenderHtml for Later<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml + 'static,
{
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        let view = self.view;
        self.owner.with(|| view().to_html_with_buf(buf, position, escape, mark_branches, extra_attrs));
    }

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        let (view, owner) = (self.view, self.owner);
        let now = |view: F| LaterState::Built(owner.with(|| view().hydrate::<FROM_SERVER>(cursor, position)));
        let Some(root) = taking_over() else { return now(view) };
        // Step over the part's element as tachys steps onto an element, and leave it for later;
        // a part that is no element here (nothing, a marker) is hydrated at once.
        let (before, at) = (cursor.current(), position.get());
        match at {
            Position::FirstChild => cursor.child(),
            Position::Current => {}
            _ => cursor.sibling(),
        }
        let node: Node = cursor.current();
        let Ok(element) = node.dyn_into::<Element>() else {
            cursor.set(before);
            position.set(at);
            return now(view);
        };
        position.set(Position::NextChild);
        let hydrated = Rc::new(RefCell::new(None));
        let (slot, at) = (hydrated.clone(), element.clone());
        let hydrate = Box::new(move || {
            let state = owner.with(|| view().hydrate_from_position::<true>(&at, Position::Current));
            *slot.borrow_mut() = Some(state);
        });
        PENDING.with(|pending| pending.borrow_mut().push_back(Pending { root, hydrate }));
        LaterState::Waiting { element, hydrated }
    }

    fn into_owned(self) -> Self {
        self
    }
}

impl<F, V> AddAnyAttr for Later<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml + 'static,
{
    type Output<SomeNewAttr: Attribute> = Self;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr> {
        self
    }
}

impl<S: Mountable> Mountable for LaterState<S> {
    fn unmount(&mut self) {
        match self {
            LaterState::Built(state) => state.unmount(),
            LaterState::Waiting { element, hydrated } => match hydrated.borrow_mut().as_mut() {
                Some(state) => state.unmount(),
                None => element.remove(),
            },
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        match self {
            LaterState::Built(state) => state.mount(parent, marker),
            LaterState::Waiting { element, hydrated } => match hydrated.borrow_mut().as_mut() {
                Some(state) => state.mount(parent, marker),
                None => _ = parent.insert_before(element, marker),
            },
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self {
            LaterState::Built(state) => state.insert_before_this(child),
            LaterState::Waiting { element, hydrated } => match hydrated.borrow().as_ref() {
                Some(state) => state.insert_before_this(child),
                None => match element.parent_element() {
                    Some(parent) => {
                        child.mount(&parent, Some(element.as_ref()));
                        true
                    }
                    None => false,
                },
            },
        }
    }

    fn elements(&self) -> Vec<Element> {
        match self {
            LaterState::Built(state) => state.elements(),
            LaterState::Waiting { element, hydrated } => match hydrated.borrow().as_ref() {
                Some(state) => state.elements(),
                None => vec![element.clone()],
            },
        }
    }
}
