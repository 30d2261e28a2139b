//! The flow: the vocabulary the block layouters and the page builder share
//! ([`items`]), the keep rules in one place ([`keep`]), the placing of items
//! into columns of pages ([`distribute`]) and the evening out of a last
//! page's two columns ([`balance`]), with its foot notes moved to their
//! references' columns ([`feet`]). `distribute` calls `balance` and `feet`;
//! they read `items` and `keep`, and know nothing of `distribute`.

mod balance;
pub(crate) mod distribute;
mod feet;
pub(crate) mod items;
pub(crate) mod keep;

pub(crate) use items::{
    BoxCont, Continuation, DISPLAY_SPACE_LINES, Float, HEADING_SPACE_ABOVE_LINES, Item, KeptBlock,
    OutlineMark, ParLine, Placed, PlacedKind, TablePart,
};
