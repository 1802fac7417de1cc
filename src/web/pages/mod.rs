//! One page component per route.

pub mod home;
pub mod library;
pub mod list;
pub mod not_found;
pub mod notice;
pub mod search;
pub mod sitemap;
pub mod standalone;
