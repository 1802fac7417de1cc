//! Reusable view pieces. They take their data as props and read nothing from the browser while
//! rendering, so each can be mounted alone in a test.

pub mod actions;
pub mod aids;
pub mod blocks;
pub mod disclosure;
pub mod layout;
pub mod life;
pub mod meta;
pub mod pager;
pub mod search_box;
pub mod share;
pub mod status;
pub mod toolbar;
