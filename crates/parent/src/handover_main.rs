fn main() {
    leptos::mount::mount_to_body(signaal_parent::HandoverPage);
}
