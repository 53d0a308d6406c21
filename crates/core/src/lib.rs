//! Signaal's domain logic, free of browser and server types so it is tested natively.
