"""The floor board page: patients in the chairs today and the REMS form tracker."""
